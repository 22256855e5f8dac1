import type { KeyScope } from '@tenancy/domain';
import type { ScopeRequest } from '@tenancy/read-store';
import type {
  AppendResult, EventStore, ExpectedRevision, GlobalPosition, NewEvent, ReadAllPage, RecordedEvent, SubscribeOptions, Subscription,
} from '@tenancy/event-store';
import { EventStoreDecorator } from '@tenancy/event-store';
import type { DataKeys } from './data-keys';
import { ownersOf, scopeRequest, type Owners } from './key-scopes';
import type { DataKey } from './key-wrapping';
import { RandomPool } from './random-pool';
import { isSealed, seal, unseal, type SealedValue } from './sealed-value';
import { isPlainObject, valueAt, withValueAt } from './value-paths';

/** What the domain declares about personal data (libs/domain/src/personal-data.ts). */
export interface PersonalDataPolicy {
  /** The personal fields of a type's current shape: a path in the data (`changes.contactEmail`) and the scope of its key. */
  fieldsOf(type: string): readonly { path: string; keyOf(data: unknown): KeyScope }[];
  /** The scope of the key sealing the actor's email in an event's metadata. */
  actorEmailKey(data: unknown, actorUserId: string): KeyScope;
}

/** How an erased actor email is named in `metadata.erased` (and an unreadable one in `metadata.unreadable`). */
export const ACTOR_EMAIL_PATH = 'actor.email';

/** What opening a box gives when it fails authentication: it is not what was sealed there. */
const UNREADABLE = Symbol('unreadable');

/** One personal value in one event: where it is and what it is. */
interface Spot {
  /** `data` paths as declared; the actor's email as ACTOR_EMAIL_PATH in the metadata. */
  in: 'data' | 'metadata';
  path: string;
  /** `in` and `path` together: the additional data of its box, so it opens in no other field. */
  where: string;
}

/** A value to seal, with the scope of its key. */
interface ToSeal extends Spot {
  value: unknown;
  request: ScopeRequest;
}

/**
 * The event store with personal data sealed (docs/personal-data.md). Appends seal every declared
 * personal value, and the actor's email, under the key of its scope (AES-256-GCM, bound to its
 * field); reads open them again. A value whose key was destroyed reads as `null`,
 * and the event's `metadata.erased` lists where: readers never see an error for it. A box whose
 * key is there but that fails authentication (a stored byte changed) reads as `null` too, listed
 * in `metadata.unreadable`: one changed value must not hide the rest of a history. Below the
 * upcaster and above the hash chain: what is stored, and hashed, is ciphertext.
 */
export class PersonalDataEncryption extends EventStoreDecorator {
  private readonly random = new RandomPool();
  /**
   * Values already opened, by where they are and their box. The command path reloads a whole
   * stream per command; this spares opening it again. Served only while the store still has the
   * box's key, and dropped when it does not.
   */
  private readonly openedValues = new Map<string, unknown>();
  /**
   * Events already opened, by id, as streams read them: the command path reads a whole stream
   * per command, the same events each time. One is served again only while it is the same
   * stored event (same stream and position) and every key it was opened with is still live, as
   * for openedValues; events with a value in the clear or an erased one are not kept. The
   * events handed out are shared: readers treat them as read-only, as every recorded event.
   */
  private readonly openedEvents = new Map<string, OpenedEvent>();
  /**
   * Boxes already sealed, by key, field and value: the same actor's email under the same key
   * needs no new box (its box reveals nothing the key's scope does not: same person, same field).
   */
  private readonly sealedValues = new Map<string, SealedValue>();

  constructor(store: EventStore, private readonly keys: DataKeys, private readonly policy: PersonalDataPolicy) {
    super(store);
  }

  override async appendToStream(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const plans = events.map((event) => this.toSeal(event));
    const requests = plans.flatMap((plan) => plan.map((item) => item.request));
    if (requests.length === 0) return this.store.appendToStream(stream, events, expected);
    const keys = await this.keys.forScopes(requests);
    const sealed = events.map((event, i) => (plans[i].length === 0 ? event : this.sealed(event, plans[i], keys)));
    return this.store.appendToStream(stream, sealed, expected);
  }

  override async readStream(stream: string, options?: { fromRevision?: bigint }): Promise<RecordedEvent[]> {
    return this.opened(await this.store.readStream(stream, options), { keep: true });
  }

  override async readAll(from: GlobalPosition, maxCount: number): Promise<ReadAllPage> {
    const page = await this.store.readAll(from, maxCount);
    return { ...page, events: await this.opened(page.events) };
  }

  override subscribeToAll(options: SubscribeOptions): Subscription {
    return this.store.subscribeToAll({ ...options, onEvents: async (events) => options.onEvents(await this.opened(events)) });
  }




  /** The personal values present in a new event (null and absent ones need no key), each with its key's scope. */
  private toSeal(event: NewEvent): ToSeal[] {
    const plan: ToSeal[] = [];
    for (const field of this.policy.fieldsOf(event.type)) {
      const value = valueAt(event.data, field.path);
      if (value !== undefined && value !== null && !isSealed(value)) {
        plan.push({ in: 'data', path: field.path, where: `data.${field.path}`, value, request: scopeRequest(field.keyOf(event.data)) });
      }
    }
    const actor = event.metadata.actor as { userId?: unknown; email?: unknown } | undefined;
    if (typeof actor?.email === 'string' && typeof actor.userId === 'string') {
      plan.push({ ...ACTOR_EMAIL, value: actor.email, request: scopeRequest(this.policy.actorEmailKey(event.data, actor.userId)) });
    }
    return plan;
  }

  private sealed(event: NewEvent, plan: ToSeal[], keys: Map<string, DataKey>): NewEvent {
    let { data, metadata } = event;
    for (const spot of plan) {
      const box = this.seal(spot.value, keys.get(spot.request.scope)!, spot.where);
      if (spot.in === 'data') data = withValueAt(data, spot.path, box);
      else metadata = withValueAt(metadata, spot.path, box);
    }
    return { ...event, data, metadata };
  }

  private seal(value: unknown, key: DataKey, where: string): SealedValue {
    const cacheKey = key.keyId + '\n' + where + '\n' + JSON.stringify(value);
    let box = this.sealedValues.get(cacheKey);
    if (!box) {
      box = seal(value, key, where, this.random);
      if (this.sealedValues.size >= CACHED_LIMIT) this.sealedValues.clear();
      this.sealedValues.set(cacheKey, box);
      // Read back soon (the next command on the stream), and known already: no box to open then.
      if (typeof value !== 'object') this.rememberOpened(where + '\n' + box.sealed, value);
    }
    return box;
  }

  /**
   * Every sealed value opened with its key, or null and listed in `metadata.erased` when the key
   * is gone. A personal value stored in the clear, before encryption, reads the same way once
   * its company or person is erased (docs/personal-data.md: events written before encryption).
   * `keep`: remember the events opened, for the next read of the stream (openedEvents).
   */
  private async opened(events: RecordedEvent[], { keep = false } = {}): Promise<RecordedEvent[]> {
    const kept = events.map((event) => this.keptOpened(event));
    const found = events.map((event, i) => (kept[i] ? [] : sealedSpots(event)));
    const clear = events.map((event, i) => (kept[i] ? [] : this.clearSpots(event)));
    const keyIds = [...kept.flatMap((entry) => entry?.keyIds ?? []), ...found.flatMap((spots) => spots.map((spot) => spot.value.keyId))];
    const owners = clear.flat().map((spot) => spot.owners);
    if (keyIds.length === 0 && owners.length === 0 && !keep) return events;
    const keys = keyIds.length === 0 ? new Map<string, DataKey>() : await this.keys.byIds(keyIds);
    const gone = owners.length === 0 ? null : await this.keys.erasedAmong({
      companyIds: owners.flatMap((o) => (o.companyId ? [o.companyId] : [])), userIds: owners.flatMap((o) => (o.userId ? [o.userId] : [])),
    });
    const isGone = ({ companyId, userId }: Owners) =>
      (companyId !== null && gone!.companyIds.includes(companyId)) || (userId !== null && gone!.userIds.includes(userId));
    return events.map((event, i) => {
      const entry = kept[i];
      if (entry?.keyIds.every((keyId) => keys.has(keyId))) return entry.event;
      // A key destroyed since it was kept: opened again, as erased. Kept events have no value in the clear.
      const spots = entry ? sealedSpots(event) : found[i];
      const masked = clear[i].filter((spot) => isGone(spot.owners));
      const opened = this.openedOne(event, spots, masked, keys);
      if (keep && clear[i].length === 0 && !opened.metadata.erased && !opened.metadata.unreadable) this.keepOpened(event, spots, opened);
      return opened;
    });
  }

  private openedOne(event: RecordedEvent, found: (Spot & { value: SealedValue })[], masked: Spot[], keys: Map<string, DataKey>): RecordedEvent {
    if (found.length === 0 && masked.length === 0) return event;
    let { data, metadata } = event;
    const erased: string[] = [];
    const unreadable: string[] = [];
    const put = (spot: Spot, value: unknown) => {
      if (spot.in === 'data') data = withValueAt(data, spot.path, value);
      else metadata = withValueAt(metadata, spot.path, value);
    };
    for (const spot of found) {
      const key = keys.get(spot.value.keyId);
      if (!key) {
        erased.push(spot.path);
        this.openedValues.delete(spot.where + '\n' + spot.value.sealed);
      }
      const opened = key ? this.open(spot.value, key, spot.where) : null;
      if (opened === UNREADABLE) unreadable.push(spot.path);
      put(spot, opened === UNREADABLE ? null : opened);
    }
    for (const spot of masked) {
      erased.push(spot.path);
      put(spot, null);
    }
    if (erased.length > 0) metadata = { ...metadata, erased };
    if (unreadable.length > 0) metadata = { ...metadata, unreadable };
    return { ...event, data, metadata };
  }

  /** The event as opened before, if it is the same stored event (its id, at the same place). */
  private keptOpened(event: RecordedEvent): OpenedEvent | undefined {
    const entry = this.openedEvents.get(event.id);
    return entry && entry.position === event.position && entry.streamName === event.streamName ? entry : undefined;
  }

  private keepOpened(stored: RecordedEvent, spots: (Spot & { value: SealedValue })[], opened: RecordedEvent): void {
    if (this.openedEvents.size >= OPENED_EVENTS_LIMIT) this.openedEvents.clear();
    this.openedEvents.set(stored.id, { streamName: stored.streamName, position: stored.position, keyIds: spots.map((spot) => spot.value.keyId), event: opened });
  }

  /** Personal values stored in the clear (written before encryption), with whose they are. */
  private clearSpots(event: RecordedEvent): (Spot & { owners: Owners })[] {
    const spots: (Spot & { owners: Owners })[] = [];
    for (const field of this.policy.fieldsOf(event.type)) {
      const value = valueAt(event.data, field.path);
      if (value === undefined || value === null || isSealed(value)) continue;
      const owners = ownersIn(() => field.keyOf(event.data));
      if (owners) spots.push({ in: 'data', path: field.path, where: `data.${field.path}`, owners });
    }
    const actor = event.metadata.actor as { userId?: unknown; email?: unknown } | undefined;
    if (typeof actor?.email === 'string' && typeof actor.userId === 'string') {
      const { userId } = actor;
      const owners = ownersIn(() => this.policy.actorEmailKey(event.data, userId));
      if (owners) spots.push({ ...ACTOR_EMAIL, owners });
    }
    return spots;
  }

  private open(value: SealedValue, key: DataKey, at: string): unknown {
    const cacheKey = at + '\n' + value.sealed;
    if (this.openedValues.has(cacheKey)) return this.openedValues.get(cacheKey);
    let opened: unknown;
    try {
      opened = unseal(value, key, at);
    } catch {
      // With its key at hand, a box only fails when it is not what was sealed in this field: a byte
      // changed, or moved from another field. The hash chain names the event (audit:verify).
      return UNREADABLE;
    }
    this.rememberOpened(cacheKey, opened);
    return opened;
  }

  private rememberOpened(cacheKey: string, value: unknown): void {
    if (this.openedValues.size >= CACHED_LIMIT) this.openedValues.clear();
    this.openedValues.set(cacheKey, value);
  }
}

/** The owners of a stored value; null when its data is too old to name them. */
function ownersIn(scopeOf: () => KeyScope): Owners | null {
  try {
    return ownersOf(scopeOf());
  } catch {
    return null;
  }
}

/** Opened values, and sealed boxes, kept in memory at most. */
const CACHED_LIMIT = 100_000;
/** Opened events kept at most (about a kilobyte each). */
const OPENED_EVENTS_LIMIT = 10_000;

/** An event as opened, with the stored event it was and the keys that opened it. */
interface OpenedEvent {
  streamName: string;
  position: bigint;
  keyIds: string[];
  event: RecordedEvent;
}

/** Where the actor's email is. */
const ACTOR_EMAIL: Spot = { in: 'metadata', path: ACTOR_EMAIL_PATH, where: `metadata.${ACTOR_EMAIL_PATH}` };

/** Sealed values in a stored event: in its data (top level, or one level down) and the actor's email. */
function sealedSpots(event: RecordedEvent): (Spot & { value: SealedValue })[] {
  const spots: (Spot & { value: SealedValue })[] = [];
  const { data } = event;
  for (const key in data) {
    const value = data[key];
    if (isSealed(value)) spots.push({ in: 'data', path: key, where: `data.${key}`, value });
    else if (isPlainObject(value)) {
      for (const inner in value) {
        const innerValue = value[inner];
        if (isSealed(innerValue)) spots.push({ in: 'data', path: `${key}.${inner}`, where: `data.${key}.${inner}`, value: innerValue });
      }
    }
  }
  const email = (event.metadata.actor as { email?: unknown } | undefined)?.email;
  if (isSealed(email)) spots.push({ ...ACTOR_EMAIL, value: email });
  return spots;
}
