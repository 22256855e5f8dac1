import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class AuditActor {
  @ApiProperty() userId: string;
  @ApiProperty() staff: boolean;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Null when the token carried none, or the email was erased' }) email?: string | null;
  @ApiPropertyOptional({ description: 'Whether the identity provider had verified that email (its `email_verified` claim), when the token said' })
  emailVerified?: boolean;
}

/** One recorded event as auditors read it; secret-derived values are left out of `data`. */
export class AuditEntry {
  @ApiProperty() eventId: string;
  @ApiProperty({ example: 'CompanyCreated' }) type: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) revision: number;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ type: AuditActor }) actor: AuditActor;
  @ApiProperty() commandId: string;
  @ApiProperty() correlationId: string;
  @ApiProperty() causationId: string;
  @ApiProperty({ type: 'integer', minimum: 1 }) schemaVersion: number;
  @ApiProperty({ type: 'object', additionalProperties: true }) data: Record<string, unknown>;
  @ApiPropertyOptional({ type: [String], example: ['email'], description: 'Personal fields of this entry that were erased (they read as null)' })
  erased?: string[];
}

export class AuditHistory {
  @ApiProperty({ type: [AuditEntry] }) items: AuditEntry[];
}
