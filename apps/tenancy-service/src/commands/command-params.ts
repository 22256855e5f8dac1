import { ApiProperty, IntersectionType } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

/*
 * The ids a command names. Over HTTP they are path parameters; over Kafka, fields of the payload
 * beside the body DTO's (command-table.ts joins the two classes). The command path checks that a
 * company id is one (commands/company-id.ts): an id that is no UUID names no company.
 */

export class CompanyParams {
  @ApiProperty({ format: 'uuid' })
  @IsString() @MaxLength(100)
  companyId: string;
}

export class MemberParams extends CompanyParams {
  @ApiProperty({ description: 'The identity provider subject (JWT sub)' })
  @IsString() @MinLength(1) @MaxLength(200)
  userId: string;
}

/** Answering an invitation names only the invitation, as its link does; its company is looked up. */
export class InvitationAnswerParams {
  @ApiProperty()
  @IsString() @MinLength(1) @MaxLength(100)
  invitationId: string;
}

export class InvitationParams extends IntersectionType(CompanyParams, InvitationAnswerParams) {}

export class WebhookParams extends CompanyParams {
  @ApiProperty()
  @IsString() @MinLength(1) @MaxLength(100)
  webhookId: string;
}

/** A command that names nothing yet (its ids are made for it). */
export class NoParams {}
