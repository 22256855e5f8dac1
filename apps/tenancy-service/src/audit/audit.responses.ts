import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CompanyDetail } from '../company/company.responses';
import { NotificationPreferences } from '../tenant/tenant.dto';
import { ErasedFields, UnreadableFields } from '../openapi/null-reasons';

export class AuditActor {
  @ApiProperty() userId: string;
  @ApiProperty() staff: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'Null when the token or the actor-email header gave none (or no address), or the email was erased or is unreadable' }) email: string | null;
  @ApiPropertyOptional({ description: 'Whether the identity provider had verified that email (its `email_verified` claim), when the token said' })
  emailVerified?: boolean;
}

/** A field's value: whatever JSON value the state holds there. */
const ANY_VALUE = [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'object' }, { type: 'array', items: {} }, { type: 'null' }];

/** One field an event changed in its company's state. */
export class FieldChange {
  @ApiProperty({ example: 'members.user-1.role', description: 'Dotted path; members, invitations and settings are nested' }) field: string;
  @ApiProperty({ anyOf: ANY_VALUE, description: 'null where the field did not exist, or its value was erased' }) from: unknown;
  @ApiProperty({ anyOf: ANY_VALUE, description: 'null where the field no longer exists, or its value was erased' }) to: unknown;
}

/** What an event was about, by id or number only (never an email or a secret); only the fields that apply are present. */
export class AuditAboutView {
  @ApiPropertyOptional({ description: 'The member it concerns (for a transfer, the new owner)', example: 'adam' }) userId?: string;
  @ApiPropertyOptional({ description: 'The invitation it concerns' }) invitationId?: string;
  @ApiPropertyOptional({ description: 'The webhook endpoint it concerns' }) webhookId?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'The tenant secret version a rotation made current' }) secretVersion?: number;
}

/** One recorded event as auditors read it; secret-derived values are left out of `data` and `changes`. */
export class AuditEntry {
  @ApiProperty() eventId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null for a user\'s erasure (`UserErased`), which is no company\'s' })
  companyId: string | null;
  @ApiProperty({ example: 'CompanyCreated' }) type: string;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'In the event\'s stream: the company\'s, or for `UserErased` the user\'s' }) revision: number;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ type: AuditActor }) actor: AuditActor;
  @ApiProperty() commandId: string;
  @ApiProperty() correlationId: string;
  @ApiProperty() causationId: string;
  @ApiProperty({ type: 'integer', minimum: 1 }) schemaVersion: number;
  @ApiProperty({ type: 'object', additionalProperties: true }) data: Record<string, unknown>;
  @ApiProperty({ type: [FieldChange] }) changes: FieldChange[];
  @ApiProperty({
    type: AuditAboutView, nullable: true,
    description: 'Whose or which: the member, invitation, webhook or secret version the event concerns, also when `changes` is empty (for `UserErased`, the erased user); null for events about the company as a whole',
  }) about: AuditAboutView | null;
  @ErasedFields() erased?: string[];
  @UnreadableFields() unreadable?: string[];
}

export class AuditHistory {
  @ApiProperty({ type: [AuditEntry] }) items: AuditEntry[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last' }) nextCursor: string | null;
}

export class CompanyAsOfDetails extends CompanyDetail {
  @ApiProperty() deleted: boolean;
}

export class MemberAsOf {
  @ApiProperty() userId: string;
  @ApiProperty({ type: String, nullable: true, description: 'null once erased' }) email: string | null;
  @ApiProperty({ enum: ['owner', 'admin', 'employee', 'viewer'] }) role: string;
  @ApiProperty({ enum: ['active', 'deactivated'] }) status: string;
  @ApiProperty() mfaEnabled: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastLoginAt: string | null;
  @ApiProperty({ format: 'date-time' }) joinedAt: string;
  @ErasedFields() erased?: string[];
  @UnreadableFields() unreadable?: string[];
}

export class InvitationAsOf {
  @ApiProperty() invitationId: string;
  @ApiProperty({ type: String, nullable: true, description: 'null once erased' }) email: string | null;
  @ApiProperty({ enum: ['owner', 'admin', 'employee', 'viewer'] }) role: string;
  @ApiProperty({ enum: ['sent', 'accepted', 'declined', 'expired', 'cancelled'], description: 'As a reader saw it at that instant' }) status: string;
  @ApiProperty({ format: 'date-time' }) sentAt: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ErasedFields() erased?: string[];
  @UnreadableFields() unreadable?: string[];
}

export class SettingsAsOf {
  @ApiProperty({ type: NotificationPreferences, nullable: true }) notificationPreferences: NotificationPreferences | null;
  @ApiProperty({ type: String, nullable: true }) currency: string | null;
  @ApiProperty({ type: Number, nullable: true }) defaultTaxRate: number | null;
  @ApiProperty({ type: String, nullable: true }) invoiceNumberPattern: string | null;
}

/** A company exactly as it was at an instant, folded from its events up to it. */
export class CompanyStateAsOf {
  @ApiProperty({ format: 'date-time' }) asOf: string;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Revision of the last event at or before asOf' }) revision: number;
  @ApiProperty({ type: CompanyAsOfDetails }) company: CompanyAsOfDetails;
  @ApiProperty({ type: [MemberAsOf] }) members: MemberAsOf[];
  @ApiProperty({ type: [InvitationAsOf] }) invitations: InvitationAsOf[];
  @ApiProperty({ type: SettingsAsOf }) settings: SettingsAsOf;
}
