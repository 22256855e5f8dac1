import { signMessage } from './signature';
import type { OutgoingWebhook, SendResult } from './webhook-sender';

/** The keys a company's messages are signed with, newest first (the previous one too during the rotation grace). */
export interface SigningKeys {
  keysFor(companyId: string): Promise<Buffer[]>;
  /** A rotation was recorded for the company. */
  forget(companyId: string): void;
}

export interface Clock {
  now(): Date;
}

export type Send = (message: OutgoingWebhook) => Promise<SendResult>;

/** Signs one message with the company's keys at the current time and sends it. */
export class SignedSender {
  constructor(private readonly keys: SigningKeys, private readonly send: Send, private readonly clock: Clock) {}

  async deliver(companyId: string, url: string, messageId: string, body: string): Promise<SendResult & { at: string }> {
    const now = this.clock.now();
    const keys = await this.keys.keysFor(companyId);
    if (keys.length === 0) {
      return { at: now.toISOString(), statusCode: null, latencyMs: 0, error: 'the company has no tenant secret to sign with yet (POST /v1/companies/{id}/secret)' };
    }
    const headers = { ...signMessage(keys, messageId, Math.floor(now.getTime() / 1000), body) };
    return { at: now.toISOString(), ...(await this.send({ url, headers, body })) };
  }
}
