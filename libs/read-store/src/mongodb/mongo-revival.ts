import type { MongoClient, ServerHeartbeatStartedEvent } from 'mongodb';

/** What the revival needs to know and whom it tells. */
export interface RevivalOptions {
  /** A heartbeat still without an outcome after this long is wedged (see `heartbeatBoundMs`). */
  boundMs: number;
  /** Told once per revival, with how long the oldest heartbeat had been waiting. */
  revived?: (stuckMs: number) => void;
}

/**
 * The longest a heartbeat can take under the driver's own timeouts: opening its connection
 * (connectTimeoutMS), the handshake on it (connectTimeoutMS again), and an awaited `hello` on a
 * streaming server (heartbeatFrequencyMS). Any heartbeat older than that has been lost.
 */
export function heartbeatBoundMs(client: MongoClient): number {
  const { connectTimeoutMS, heartbeatFrequencyMS } = client.options;
  return 2 * connectTimeoutMS + heartbeatFrequencyMS;
}

/**
 * Closes and reconnects a client whose server monitor has wedged, so that the service works
 * again once MongoDB is back, instead of answering 503 until it is restarted.
 *
 * Why: in the Node driver (seen on 6.20), a heartbeat that writes to a socket already destroyed,
 * but whose 'close' has not yet been emitted, waits for a 'drain' that never comes
 * (`Connection.writeCommand`). The monitor then never checks again, the server stays Unknown and
 * every operation fails server selection, however long ago the server came back. It happens
 * when connections are dropped under load, as a restarting server or a proxy drops them.
 * The driver has no timeout that covers it, so the watch is on its heartbeat events: a heartbeat
 * started and neither succeeded nor failed within the bound is wedged.
 *
 * `closeOnly` closes the client without stopping the watch (the client's own `close` stops it).
 * Returns a function that stops the watch.
 */
export function reviveWhenWedged(client: MongoClient, options: RevivalOptions, closeOnly: () => Promise<void>): () => void {
  const pending = new Map<string, number>();
  let reviving = false;
  let stopped = false;
  const started = (event: ServerHeartbeatStartedEvent) => { if (!pending.has(event.connectionId)) pending.set(event.connectionId, Date.now()); };
  const ended = (event: { connectionId: string }) => pending.delete(event.connectionId);
  client.on('serverHeartbeatStarted', started);
  client.on('serverHeartbeatSucceeded', ended);
  client.on('serverHeartbeatFailed', ended);

  const revive = async (stuckMs: number) => {
    reviving = true;
    pending.clear();
    options.revived?.(stuckMs);
    try {
      await closeOnly().catch(() => undefined);
      // A closed client connects only when asked (operations meanwhile fail as unreachable, 503).
      while (!stopped) {
        try {
          await client.connect();
          return;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, Math.min(options.boundMs, 1_000)).unref());
        }
      }
    } finally {
      pending.clear();
      reviving = false;
    }
  };

  const timer = setInterval(() => {
    if (reviving || stopped) return;
    const oldest = Math.min(...pending.values());
    const stuckMs = Date.now() - oldest;
    if (stuckMs > options.boundMs) void revive(stuckMs);
  }, Math.max(100, Math.floor(options.boundMs / 4)));
  timer.unref();

  return () => {
    stopped = true;
    clearInterval(timer);
    client.off('serverHeartbeatStarted', started);
    client.off('serverHeartbeatSucceeded', ended);
    client.off('serverHeartbeatFailed', ended);
  };
}
