import { ApiProperty } from '@nestjs/swagger';
import { NotificationPreferences } from './tenant.dto';

/** A new signing secret: the raw value is in this response only. */
export class TenantSecret {
  @ApiProperty({ description: 'Shown once; store it now' }) secret: string;
  @ApiProperty({ type: 'integer', minimum: 1 }) version: number;
}

/** The settings as the PUT takes them, each null until first set (tenant.queries.ts builds it). */
export class TenantSettings {
  @ApiProperty({ type: NotificationPreferences, nullable: true }) notificationPreferences: NotificationPreferences | null;
  @ApiProperty({ type: String, nullable: true }) currency: string | null;
  @ApiProperty({ type: Number, nullable: true }) defaultTaxRate: number | null;
  @ApiProperty({ type: String, nullable: true }) invoiceNumberPattern: string | null;
  @ApiProperty({ type: 'integer', minimum: 0, description: '0 while no secret was ever issued' }) secretVersion: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) revision: number;
}
