import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { RawText } from '../validation/raw-text';

/** A request a tenant's integration signed, in the Standard Webhooks form. */
export class VerifySignatureDto {
  @ApiProperty({ description: 'The webhook-id header', maxLength: 256 })
  @IsString() @MinLength(1) @MaxLength(256)
  id: string;

  @ApiProperty({ description: 'The webhook-timestamp header: seconds since the epoch', pattern: '^[0-9]{1,12}$' })
  @IsString() @Matches(/^[0-9]{1,12}$/)
  timestamp: string;

  // Signed over its exact bytes: NFC or refusing a newline would make a valid signature fail.
  @ApiProperty({ description: 'The body exactly as received: any text, line breaks, tabs and non-NFC text included; checked as sent' })
  @IsString() @MaxLength(60_000) @RawText()
  payload: string;

  @ApiProperty({ description: 'The webhook-signature header: one or more `v1,<base64>`, space-separated', maxLength: 2048 })
  @IsString() @MinLength(1) @MaxLength(2048)
  signature: string;
}
