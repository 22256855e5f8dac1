import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { Allow } from 'class-validator';
import { CURRENCY, INVOICE_NUMBER_PATTERN, TAX_RATE } from '../openapi/value-schemas';

/** Which channels notifications go out on; all three are given every time. */
export class NotificationPreferences {
  @ApiProperty() email: boolean;
  @ApiProperty() sms: boolean;
  @ApiProperty() webhook: boolean;
}

/**
 * The tenant settings, always replaced as a whole. The values are let through as they come: the
 * domain checks each one (`checkTenantSettings`) and names every bad field, nested ones included.
 * The schemas say the same for the OpenAPI document.
 */
export class TenantSettingsDto {
  @ApiProperty({ type: NotificationPreferences, example: { email: true, sms: false, webhook: true } })
  @Allow()
  notificationPreferences: unknown;

  @ApiProperty({ ...CURRENCY(), example: 'EUR', description: 'ISO 4217 code' } as ApiPropertyOptions)
  @Allow()
  currency: unknown;

  @ApiProperty({ ...TAX_RATE, example: 19, description: 'Percent, 0 to 100, at most 4 decimals' } as ApiPropertyOptions)
  @Allow()
  defaultTaxRate: unknown;

  @ApiProperty({ ...INVOICE_NUMBER_PATTERN, example: 'INV-{yyyy}-{seq}', description: 'Must contain {seq}; may use {yyyy} and {mm}' } as ApiPropertyOptions)
  @Allow()
  invoiceNumberPattern: unknown;
}
