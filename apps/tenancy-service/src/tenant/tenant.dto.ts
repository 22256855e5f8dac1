import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { checkCurrency, checkInvoiceNumberPattern, checkTaxRate } from '@tenancy/domain';
import { Type } from 'class-transformer';
import { IsBoolean, IsObject, ValidateNested } from 'class-validator';
import { CURRENCY, INVOICE_NUMBER_PATTERN, TAX_RATE } from '../openapi/value-schemas';
import { SatisfiesValue } from '../validation/satisfies';

const BOOLEAN = { message: 'must be true or false' };

/** Which channels notifications go out on; all three are given every time, and no other. */
export class NotificationPreferences {
  @ApiProperty() @IsBoolean(BOOLEAN) email: boolean;
  @ApiProperty() @IsBoolean(BOOLEAN) sms: boolean;
  @ApiProperty() @IsBoolean(BOOLEAN) webhook: boolean;
}

/**
 * The tenant settings, always replaced as a whole: every field is required (no `@IsOptional()`; a
 * field left out is `is required` by the input pipe, as on every DTO). Each value is checked
 * here with the domain's own rule (tenant.settings.ts), so one 400 `request.invalid` names every
 * bad, missing or null field at once, nested ones included; the domain checks again behind it.
 */
export class TenantSettingsDto {
  @ApiProperty({ type: NotificationPreferences, example: { email: true, sms: false, webhook: true } })
  @IsObject({ message: 'must be an object with boolean email, sms and webhook' })
  @ValidateNested() @Type(() => NotificationPreferences)
  notificationPreferences: NotificationPreferences;

  @ApiProperty({ ...CURRENCY(), example: 'EUR', description: 'ISO 4217 code' } as ApiPropertyOptions)
  @SatisfiesValue(checkCurrency)
  currency: string;

  @ApiProperty({ ...TAX_RATE, example: 19, description: 'Percent, 0 to 100, at most 4 decimals' } as ApiPropertyOptions)
  @SatisfiesValue(checkTaxRate)
  defaultTaxRate: number;

  @ApiProperty({ ...INVOICE_NUMBER_PATTERN, example: 'INV-{yyyy}-{seq}', description: 'Must contain {seq}; may use {yyyy} and {mm}' } as ApiPropertyOptions)
  @SatisfiesValue(checkInvoiceNumberPattern)
  invoiceNumberPattern: string;
}
