import { ApiProperty, IntersectionType } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { UUID } from './company-id';

/*
 * The ids a command names. Over HTTP they are path parameters; over Kafka, fields of the payload
 * beside the body DTO's (command-table.ts joins the two classes), and only Kafka validates with
 * these classes. A path is an address: any text that names nothing there is 404, as for an unknown
 * route (CompanyIdPipe). A payload field is input: an id this service makes (a UUID) sent as
 * something else is malformed, 400 request.invalid naming the field, as a body field's would be,
 * not "not found". User ids are the identity provider's subjects, any text of 1 to 200 characters.
 */

/** An id this service made: the UUID rule alone, so a malformed one gets one message. */
const MadeId = () => Matches(UUID, { message: 'must be a UUID' });

export class CompanyParams {
  @ApiProperty({ format: 'uuid' })
  @IsString() @MadeId()
  companyId: string;
}

export class MemberParams extends CompanyParams {
  @ApiProperty({ description: 'The identity provider subject (JWT sub)' })
  @IsString() @MinLength(1) @MaxLength(200)
  userId: string;
}

/** Answering an invitation names only the invitation, as its link does; its company is looked up. */
export class InvitationAnswerParams {
  @ApiProperty({ format: 'uuid' })
  @IsString() @MadeId()
  invitationId: string;
}

export class InvitationParams extends IntersectionType(CompanyParams, InvitationAnswerParams) {}

export class WebhookParams extends CompanyParams {
  @ApiProperty({ format: 'uuid' })
  @IsString() @MadeId()
  webhookId: string;
}

/** A command that names nothing yet (its ids are made for it). */
export class NoParams {}
