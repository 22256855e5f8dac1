/*
 * The client revives when its server monitor wedges (mongo-revival.ts). The driver's own wedge
 * cannot be caused on purpose; a bound shorter than the driver's own timeouts, over a server that
 * hangs, makes a heartbeat outlive it the same way.
 */
import { randomUUID } from 'node:crypto';
import { SwitchableProxy } from '../../../testing/src/servers/switchable-proxy';
import { heartbeatBoundMs } from './mongo-revival';
import { mongoClient } from './mongo-connection';

const url = process.env.MONGODB_URL;
jest.setTimeout(60_000);

const until = async (done: () => Promise<boolean>, ms: number) => {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (await done()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
};

(url ? describe : describe.skip)('MongoDB client revival', () => {
  it('takes its bound from the driver timeouts a heartbeat can spend: two connect timeouts and one heartbeat interval', () => {
    expect(heartbeatBoundMs(mongoClient('mongodb://127.0.0.1:1/'))).toBe(2 * 5_000 + 10_000);
    expect(heartbeatBoundMs(mongoClient('mongodb://127.0.0.1:1/?connectTimeoutMS=1000&heartbeatFrequencyMS=2000'))).toBe(4_000);
  });

  it('given a heartbeat without an outcome past the bound, then the client is reconnected once, says so, and works again when the server answers', async () => {
    const proxy = await SwitchableProxy.start(SwitchableProxy.targetOf(url!));
    const revivals: number[] = [];
    // Heartbeats every 500 ms and a bound of 1.5 s, well under the 5 s the driver would wait itself.
    const client = mongoClient(`${proxy.via(url!)}?heartbeatFrequencyMS=500`, { boundMs: 1_500, revived: (ms) => revivals.push(ms) });
    const collection = client.db(`revival_${randomUUID().slice(0, 8)}`).collection('c');
    try {
      await collection.insertOne({ n: 1 });

      proxy.stall();
      expect(await until(async () => revivals.length > 0, 20_000)).toBe(true);
      proxy.switchOn();

      expect(await until(() => collection.countDocuments().then(() => true, () => false), 20_000)).toBe(true);
      expect(await collection.countDocuments()).toBe(1);
      expect(revivals).toHaveLength(1);
      expect(revivals[0]).toBeGreaterThan(1_500);
      expect(revivals[0]).toBeLessThan(5_000);
    } finally {
      await collection.drop().catch(() => undefined);
      await client.close();
      await proxy.close();
    }
  });

  it('given a client closed by its owner, then it stays closed: nothing reconnects it', async () => {
    const proxy = await SwitchableProxy.start(SwitchableProxy.targetOf(url!));
    const revivals: number[] = [];
    const client = mongoClient(`${proxy.via(url!)}?heartbeatFrequencyMS=500`, { boundMs: 1_000, revived: (ms) => revivals.push(ms) });
    await client.db('admin').command({ ping: 1 });
    proxy.stall();
    await client.close();
    await new Promise((resolve) => setTimeout(resolve, 2_500));

    expect(revivals).toEqual([]);
    await expect(client.db('admin').command({ ping: 1 })).rejects.toThrow(/must be connected/);
    await proxy.close();
  });
});
