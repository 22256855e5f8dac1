import { ApiProperty } from '@nestjs/swagger';

/** An endpoint as webhook routes answer (webhook.queries.ts builds it). */
export class WebhookEndpoint {
  @ApiProperty() id: string;
  @ApiProperty({ format: 'uri' }) url: string;
  @ApiProperty({ type: [String], nullable: true, description: 'null: every event type' }) eventTypes: string[] | null;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty() enabled: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Set when delivery disabled it after failing since then' })
  failingSince: string | null;
  @ApiProperty({ format: 'date-time' }) addedAt: string;
  @ApiProperty({ format: 'date-time' }) changedAt: string;
}

export class WebhookEndpointPage {
  @ApiProperty({ type: [WebhookEndpoint] }) items: WebhookEndpoint[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last' }) nextCursor: string | null;
}
