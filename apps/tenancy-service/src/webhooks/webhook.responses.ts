import { ApiProperty } from '@nestjs/swagger';
import { DELIVERY_STATUSES } from '@tenancy/read-store';

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
  @ApiProperty({ type: 'integer', minimum: 0, description: 'The company\'s revision when this was read or changed: the ETag, to send as If-Match' })
  revision: number;
}

export class WebhookEndpointPage {
  @ApiProperty({ type: [WebhookEndpoint] }) items: WebhookEndpoint[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last' }) nextCursor: string | null;
}

/** One request to the endpoint and what came of it. */
export class DeliveryAttempt {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: 'integer', nullable: true, description: 'null when no response came' }) statusCode: number | null;
  @ApiProperty({ type: 'integer', minimum: 0 }) latencyMs: number;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
}

export class WebhookDeliveryItem {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'The webhook-id header: the event id, the same on every attempt' }) messageId: string;
  @ApiProperty() eventType: string;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status: string;
  @ApiProperty({
    type: String, format: 'date-time', nullable: true,
    description: 'Pending only (null otherwise): when it may be attempted next. An endpoint gets one message at a time, in order, so a message queued behind an earlier pending one goes only after that one is delivered or failed, whatever this says',
  }) nextAttemptAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: [DeliveryAttempt] }) attempts: DeliveryAttempt[];
}

export class WebhookDeliveryPage {
  @ApiProperty({ type: [WebhookDeliveryItem] }) items: WebhookDeliveryItem[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last' }) nextCursor: string | null;
}

/** What the receiver answered to a message sent now. */
export class WebhookSendResult {
  @ApiProperty() messageId: string;
  @ApiProperty({ type: 'integer', nullable: true, description: 'null when no response came' }) statusCode: number | null;
  @ApiProperty({ type: 'integer', minimum: 0 }) latencyMs: number;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
  @ApiProperty({ description: 'A 2xx came back' }) delivered: boolean;
}
