import { ApiProperty } from '@nestjs/swagger';
import { Allow } from 'class-validator';

/**
 * The tenant settings, always replaced as a whole. The values are let through as they come: the
 * domain checks each one (`checkTenantSettings`) and names every bad field, nested ones included.
 */
export class TenantSettingsDto {
  @ApiProperty({ example: { email: true, sms: false, webhook: true } })
  @Allow()
  notificationPreferences: unknown;

  @ApiProperty({ example: 'EUR', description: 'ISO 4217 code' })
  @Allow()
  currency: unknown;

  @ApiProperty({ example: 19, description: 'Percent, 0 to 100, at most 4 decimals' })
  @Allow()
  defaultTaxRate: unknown;

  @ApiProperty({ example: 'INV-{yyyy}-{seq}', description: 'Must contain {seq}; may use {yyyy} and {mm}' })
  @Allow()
  invoiceNumberPattern: unknown;
}
