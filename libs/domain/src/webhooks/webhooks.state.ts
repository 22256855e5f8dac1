export interface WebhookEndpoint {
  url: string;
  /** null: every event type. */
  eventTypes: string[] | null;
  description: string | null;
  enabled: boolean;
}

/** A company's webhook endpoints by id. */
export type WebhooksState = Readonly<Record<string, WebhookEndpoint>>;

export const emptyWebhooks = (): WebhooksState => ({});

/** Endpoints a company may have at once: enough for integrations, few enough to deliver to each in order. */
export const MAX_WEBHOOK_ENDPOINTS = 20;
