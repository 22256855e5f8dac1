import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ChainBreakResponse {
  @ApiProperty({ example: 'company-0190…' }) stream: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) revision: number;
  @ApiProperty({
    enum: ['hash-mismatch', 'hash-missing', 'revision-gap', 'audit-missing', 'audit-extra', 'audit-altered'],
    description: 'A chain break, or (audit-*) the audit trail departing from the events: docs/tamper-evidence.md',
  }) reason: string;
}

/** `verified: true` with what was checked, or `verified: false` with the first break (docs/tamper-evidence.md). */
export class ChainVerification {
  @ApiProperty() verified: boolean;
  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'Events checked' }) events?: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'Of those, written before the chain (no stored hash)' }) unhashed?: number;
  @ApiPropertyOptional({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 over the heads of the company\'s streams' }) head?: string;
  @ApiPropertyOptional({ description: 'Global position of the newest event checked' }) position?: string;
  @ApiPropertyOptional({ type: ChainBreakResponse }) brokenAt?: ChainBreakResponse;
}
