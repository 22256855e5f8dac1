import {
  MongoClient, MongoNetworkError, MongoNotConnectedError, MongoServerSelectionError, MongoTopologyClosedError, type MongoClientOptions,
} from 'mongodb';
import { heartbeatBoundMs, reviveWhenWedged, type RevivalOptions } from './mongo-revival';

/**
 * How long an operation waits for a server it can use before it fails, unless the connection
 * string sets `serverSelectionTimeoutMS`. The driver's own 30 s outlasted every caller: readiness
 * probes gave up before /health/ready answered 503, and clients before a request answered at all.
 * A replica set elects a new primary within this order of time; what it cannot reach in 2 s the
 * service answers 503 for, and the caller tries again.
 */
export const SERVER_SELECTION_TIMEOUT_MS = 2_000;
/** How long opening a connection may take, unless the connection string sets `connectTimeoutMS` (the driver's: 30 s). */
export const CONNECT_TIMEOUT_MS = 5_000;

/**
 * The service's client: its timeouts, unless the connection string sets them, and revived when
 * the driver's server monitor wedges (see mongo-revival.ts). Connects on first use.
 */
export function mongoClient(url: string, revival: Partial<RevivalOptions> = {}): MongoClient {
  return new RevivingMongoClient(url, mongoClientOptions(url), revival);
}

class RevivingMongoClient extends MongoClient {
  private readonly stopRevival: () => void;

  constructor(url: string, options: MongoClientOptions, revival: Partial<RevivalOptions>) {
    super(url, options);
    this.stopRevival = reviveWhenWedged(this, { boundMs: revival.boundMs ?? heartbeatBoundMs(this), revived: revival.revived }, () => super.close());
  }

  override async close(force?: boolean): Promise<void> {
    this.stopRevival();
    await super.close(force);
  }
}

export function mongoClientOptions(url: string): MongoClientOptions {
  // Options in a connection string are case-insensitive; hosts may be several, so no URL parser.
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  const given = new Set([...new URLSearchParams(query).keys()].map((name) => name.toLowerCase()));
  return {
    ...(given.has('serverselectiontimeoutms') ? {} : { serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS }),
    ...(given.has('connecttimeoutms') ? {} : { connectTimeoutMS: CONNECT_TIMEOUT_MS }),
  };
}

/**
 * Whether a driver error says the server cannot be reached now (none selectable, the connection
 * lost or closed), as opposed to a server's answer refusing the operation.
 */
export function isMongoUnreachable(error: unknown): boolean {
  return error instanceof MongoServerSelectionError || error instanceof MongoNetworkError
    || error instanceof MongoNotConnectedError || error instanceof MongoTopologyClosedError;
}
