import type { Message, TopicMessages } from 'kafkajs';

/** A group stops taking messages past about this many bytes, well under the broker's 1 MB per batch. */
export const GROUP_BYTES = 512 * 1024;

interface Group {
  messages: Map<string, Message[]>;
  bytes: number;
  written: Promise<void>;
}

/**
 * Sends made while one request is in flight go together in the next request: one round trip,
 * one acknowledgement for all of them, as the event store commits the appends that queued
 * while it was busy. Every caller's promise settles with its own group's request, so a caller
 * still learns that its messages were written, or that they were not (then the whole group
 * was refused, and each of its callers retries as before). The idempotent producer takes one
 * request at a time anyway; sent one by one, commands running at once waited in line for it.
 */
export class GroupedSends {
  private open: Group | undefined;
  private last: Promise<void> = Promise.resolve();

  constructor(private readonly write: (topicMessages: TopicMessages[]) => Promise<void>) {}

  send(topicMessages: TopicMessages[]): Promise<void> {
    const bytes = topicMessages.reduce((sum, { messages }) => sum + messages.reduce((s, m) => s + sizeOf(m), 0), 0);
    if (!this.open || (this.open.bytes > 0 && this.open.bytes + bytes > GROUP_BYTES)) this.open = this.nextGroup();
    const group = this.open;
    group.bytes += bytes;
    for (const { topic, messages } of topicMessages) {
      const queued = group.messages.get(topic);
      if (queued) queued.push(...messages);
      else group.messages.set(topic, [...messages]);
    }
    return group.written;
  }

  /** A group that is sent once the request before it is answered, taking messages until then. */
  private nextGroup(): Group {
    const group: Group = { messages: new Map(), bytes: 0, written: Promise.resolve() };
    group.written = this.last.catch(() => undefined).then(() => {
      if (this.open === group) this.open = undefined;
      return this.write([...group.messages].map(([topic, messages]) => ({ topic, messages })));
    });
    this.last = group.written;
    return group;
  }
}

function sizeOf(message: Message): number {
  let size = length(message.key) + length(message.value);
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    size += name.length + (Array.isArray(value) ? value.reduce((s: number, v) => s + length(v), 0) : length(value));
  }
  return size;
}

const length = (value: Buffer | string | null | undefined): number =>
  value === null || value === undefined ? 0 : typeof value === 'string' ? Buffer.byteLength(value) : value.length;
