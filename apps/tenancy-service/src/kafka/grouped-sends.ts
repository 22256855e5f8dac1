import type { Message, TopicMessages } from 'kafkajs';

/** A group stops taking messages past about this many bytes, well under the broker's 1 MB per batch. */
export const GROUP_BYTES = 512 * 1024;

interface Group {
  messages: Map<string, Message[]>;
  bytes: number;
  /** Each caller's own messages, to be sent alone when the group's request is refused. */
  senders: TopicMessages[][];
  /** Settles once the group's request (and, if it was refused, each caller's own) was answered, never rejects. */
  outcomes: Promise<Outcome[]>;
}

/** What each caller of a group learns: written, or the error of the request that carried its messages. */
type Outcome = { ok: true } | { ok: false; error: unknown };

/**
 * Sends made while one request is in flight go together in the next request: one round trip,
 * one acknowledgement for all of them, as the event store commits the appends that queued
 * while it was busy. Every caller's promise settles only with an acknowledgement of its own
 * messages, so a caller learns that they were written, or that they were not (then it throws
 * and its command is delivered again, its offset not committed). When a group's request is
 * refused, each caller's messages are sent again in a request of their own: one caller's
 * message the broker refuses (too large, say) must not fail the results of the commands that
 * happened to share its request (QA D1). The idempotent producer takes one request at a time
 * anyway; sent one by one, commands running at once waited in line for it.
 */
export class GroupedSends {
  private open: Group | undefined;
  private last: Promise<unknown> = Promise.resolve();

  /**
   * `refusedMessages` tells an error for the messages themselves (a broker refusing one of them)
   * from one for any request (Kafka down, too few replicas): only the first kind is worth sending
   * each caller's messages alone; for the second, every caller learns the error at once.
   */
  constructor(
    private readonly write: (topicMessages: TopicMessages[]) => Promise<void>,
    private readonly refusedMessages: (error: unknown) => boolean = () => false,
  ) {}

  send(topicMessages: TopicMessages[]): Promise<void> {
    const bytes = topicMessages.reduce((sum, { messages }) => sum + messages.reduce((s, m) => s + sizeOf(m), 0), 0);
    if (!this.open || (this.open.bytes > 0 && this.open.bytes + bytes > GROUP_BYTES)) this.open = this.nextGroup();
    const group = this.open;
    group.bytes += bytes;
    const sender = group.senders.length;
    group.senders.push(topicMessages);
    for (const { topic, messages } of topicMessages) {
      const queued = group.messages.get(topic);
      if (queued) queued.push(...messages);
      else group.messages.set(topic, [...messages]);
    }
    return group.outcomes.then((outcomes) => {
      const outcome = outcomes[sender]!;
      if (!outcome.ok) throw outcome.error;
    });
  }

  /** A group that is sent once the request before it is answered, taking messages until then. */
  private nextGroup(): Group {
    const group: Group = { messages: new Map(), bytes: 0, senders: [], outcomes: Promise.resolve([]) };
    group.outcomes = this.last.then(async (): Promise<Outcome[]> => {
      if (this.open === group) this.open = undefined;
      try {
        await this.write([...group.messages].map(([topic, messages]) => ({ topic, messages })));
        return group.senders.map(() => ({ ok: true }));
      } catch (error) {
        if (group.senders.length === 1 || !this.refusedMessages(error)) return group.senders.map(() => ({ ok: false, error }));
        // One by one, in the order they came: each learns whether its own messages were taken.
        const outcomes: Outcome[] = [];
        for (const own of group.senders) {
          outcomes.push(await this.write(own).then((): Outcome => ({ ok: true }), (refused: unknown): Outcome => ({ ok: false, error: refused })));
        }
        return outcomes;
      }
    });
    this.last = group.outcomes;
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
