import type { TopicMessages } from 'kafkajs';
import { GROUP_BYTES, GroupedSends } from './grouped-sends';

/** A writer whose requests are answered when the test says so, as a broker's acknowledgements. */
function broker() {
  const requests: { topicMessages: TopicMessages[]; answer(): void; refuse(error: Error): void }[] = [];
  const write = (topicMessages: TopicMessages[]) => new Promise<void>((answer, refuse) => requests.push({ topicMessages, answer, refuse }));
  return { requests, write };
}

const result = (key: string, topic = 'results'): TopicMessages[] => [{ topic, messages: [{ key, value: `{"commandId":"${key}"}` }] }];
const keysOf = (topicMessages: TopicMessages[]) => topicMessages.map(({ topic, messages }) => [topic, messages.map((m) => m.key)]);
const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('Sends grouped while a request is in flight', () => {
  it('given nothing in flight, when one command sends, then its request goes at once', async () => {
    const { requests, write } = broker();
    const sends = new GroupedSends(write);
    void sends.send(result('a'));
    await settled();
    expect(requests.map((r) => keysOf(r.topicMessages))).toEqual([[['results', ['a']]]]);
  });

  it('given a request in flight, when others send meanwhile, then they go together in the next request, each topic once', async () => {
    const { requests, write } = broker();
    const sends = new GroupedSends(write);
    const first = sends.send(result('a'));
    await settled();
    const rest = [sends.send(result('b')), sends.send([...result('c'), ...result('c', 'dead-letters')]), sends.send(result('d'))];
    await settled();
    expect(requests).toHaveLength(1);

    requests[0].answer();
    await first;
    await settled();
    expect(requests.map((r) => keysOf(r.topicMessages))).toEqual([
      [['results', ['a']]],
      [['results', ['b', 'c', 'd']], ['dead-letters', ['c']]],
    ]);
    let written = 0;
    for (const send of rest) void send.then(() => (written += 1));
    await settled();
    expect(written).toBe(0);
    requests[1].answer();
    await Promise.all(rest);
  });

  it('given a request refused, then each of its senders learns it, and the senders of the next group still get theirs written', async () => {
    const { requests, write } = broker();
    const sends = new GroupedSends(write);
    const refused = [sends.send(result('a')), sends.send(result('b'))];
    await settled();
    const next = sends.send(result('c'));
    requests[0].refuse(new Error('NOT_ENOUGH_REPLICAS'));
    for (const send of refused) await expect(send).rejects.toThrow('NOT_ENOUGH_REPLICAS');
    await settled();
    expect(keysOf(requests[1].topicMessages)).toEqual([['results', ['c']]]);
    requests[1].answer();
    await expect(next).resolves.toBeUndefined();
  });

  it('given messages past the group size, then the next ones wait for a request of their own', async () => {
    const { requests, write } = broker();
    const sends = new GroupedSends(write);
    const big = 'x'.repeat(GROUP_BYTES / 2 - 100);
    void sends.send(result('a'));
    await settled();
    for (const key of ['b', 'c', 'd']) void sends.send([{ topic: 'dead-letters', messages: [{ key, value: big }] }]);
    for (let answered = 0; answered < 3; answered += 1) {
      requests[answered].answer();
      await settled();
    }
    expect(requests.map((r) => keysOf(r.topicMessages))).toEqual([
      [['results', ['a']]], [['dead-letters', ['b', 'c']]], [['dead-letters', ['d']]],
    ]);
  });

  it('given a group refused for one sender\'s message, then each sender\'s messages go again alone: the others are written, only that sender learns the refusal', async () => {
    const { requests, write } = broker();
    const sends = new GroupedSends(write, (error) => (error as Error).message === 'MESSAGE_TOO_LARGE');
    void sends.send(result('a'));
    await settled();
    const group = [sends.send(result('b')), sends.send([...result('c'), ...result('c', 'dead-letters')]), sends.send(result('d'))];
    requests[0].answer();
    await settled();
    requests[1].refuse(new Error('MESSAGE_TOO_LARGE'));
    for (let alone = 2; alone < 5; alone += 1) {
      await settled();
      if (keysOf(requests[alone].topicMessages).some(([topic]) => topic === 'dead-letters')) requests[alone].refuse(new Error('MESSAGE_TOO_LARGE'));
      else requests[alone].answer();
    }
    expect(requests.slice(2).map((r) => keysOf(r.topicMessages))).toEqual([
      [['results', ['b']]], [['results', ['c']], ['dead-letters', ['c']]], [['results', ['d']]],
    ]);
    await expect(group[0]).resolves.toBeUndefined();
    await expect(group[1]).rejects.toThrow('MESSAGE_TOO_LARGE');
    await expect(group[2]).resolves.toBeUndefined();
  });

  it('given a group refused for no message of its own (Kafka down), then every sender learns it at once, without a request each', async () => {
    const { requests, write } = broker();
    const sends = new GroupedSends(write, (error) => (error as Error).message === 'MESSAGE_TOO_LARGE');
    void sends.send(result('a'));
    await settled();
    const group = [sends.send(result('b')), sends.send(result('c'))];
    requests[0].answer();
    await settled();
    requests[1].refuse(new Error('NOT_ENOUGH_REPLICAS'));
    for (const send of group) await expect(send).rejects.toThrow('NOT_ENOUGH_REPLICAS');
    expect(requests).toHaveLength(2);
  });
});
