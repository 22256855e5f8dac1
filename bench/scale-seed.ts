import { randomUUID } from 'node:crypto';
import type { EventStore, NewEvent } from '@tenancy/event-store';
import { uuidv7 } from '@tenancy/platform';

const ADJECTIVES = ['Nordic', 'Alpine', 'Blue', 'Société', 'Golden', 'Rapid', 'Quiet', 'Bright', 'Urban', 'Coastal',
  'Ålands', 'Prime', 'Swift', 'Green', 'Iron', 'Café', 'Solid', 'Clear', 'Northern', 'Royal'];
const NOUNS = ['Müller', 'Systems', 'Logistics', 'Bakery', 'Labs', 'Partners', 'Studio', 'Dynamics', 'Foods', 'Works',
  'Holding', 'Straße', 'Ventures', 'Analytics', 'Garage', 'Clinic', 'Energy', 'Textiles', 'Média', 'Robotics'];
const ENVIRONMENTS = ['production', 'production', 'production', 'staging', 'staging', 'development'] as const;
const DAY = 86_400_000;
const START = Date.UTC(2024, 0, 1);

/** A company's name: two words and its number, so a name or a number finds one company and a word many. */
export const companyName = (i: number) => `${ADJECTIVES[i % 20]} ${NOUNS[Math.floor(i / 20) % 20]} ${i}`;

/** A deterministic stand-in for randomness, so both sizes draw the same kinds of companies. */
const unit = (i: number, salt: number) => ((Math.imul(i ^ salt, 2654435761) >>> 0) % 10_000) / 10_000;

/**
 * Company i's history as the API would have recorded it, about 3.3 events on average (1M events for
 * 300,000 companies): created and its token issued, mostly activated, sometimes an owner linked,
 * a few deactivated again. Companies are made one after another over two years; the last
 * activity falls anywhere after that.
 */
export function companyEvents(i: number, count: number): { companyId: string; events: NewEvent[] } {
  const createdAt = START + Math.floor((i / count) * 730 * DAY);
  const companyId = uuidv7(createdAt);
  const later = (salt: number) => createdAt + Math.floor(unit(i, salt) * 200 * DAY) + 1000;
  const events: NewEvent[] = [
    event(companyId, createdAt, 'CompanyCreated', {
      name: companyName(i), environment: ENVIRONMENTS[i % ENVIRONMENTS.length], baseUrl: `https://c${i}.example`,
      timezone: 'Europe/Berlin', defaultLanguage: 'de-DE', contactEmail: `ops@c${i}.example`,
    }),
    event(companyId, createdAt, 'ApiTokenIssued', { tokenHash: randomUUID().replace(/-/g, ''), tokenPrefix: 'tnc_ab12' }),
  ];
  const activated = unit(i, 1) < 0.8;
  if (activated) events.push(event(companyId, later(2), 'CompanyActivated', {}));
  if (unit(i, 3) < 0.4) {
    const userId = randomUUID();
    events.push(event(companyId, later(4), 'UserLinked', {
      userId, email: `owner@c${i}.example`, role: 'owner', linkedBy: 'staff', linkedAt: new Date(later(4)).toISOString(),
    }));
  }
  if (activated && unit(i, 5) < 0.1) events.push(event(companyId, later(6) + 200 * DAY, 'CompanyDeactivated', {}));
  return { companyId, events };
}

const at = (n: number) => START + n * 60_000;
/** When the large company's member m joined. */
export const largeMemberJoinedAt = (m: number) => new Date(at(2 + m)).toISOString();

/** A large company: created and active, then `members` users linked and `invitations` invitations sent. */
export function largeCompanyEvents(
  members: number, invitations: number, companyId = uuidv7(START), owner: string = randomUUID(),
): { companyId: string; events: NewEvent[]; userIds: string[] } {
  const userIds: string[] = [owner];
  const events: NewEvent[] = [
    event(companyId, at(0), 'CompanyCreated', {
      name: 'Large Company', environment: 'production', baseUrl: null, timezone: 'UTC', defaultLanguage: 'en', contactEmail: null,
    }),
    event(companyId, at(0), 'ApiTokenIssued', { tokenHash: randomUUID().replace(/-/g, ''), tokenPrefix: 'tnc_ab12' }),
    event(companyId, at(1), 'CompanyActivated', {}),
  ];
  for (let m = 0; m < members; m++) {
    const userId = m === 0 ? owner : randomUUID();
    if (m > 0) userIds.push(userId);
    events.push(event(companyId, at(2 + m), 'UserLinked', {
      userId, email: `member${m}@large.example`, role: m === 0 ? 'owner' : 'employee', linkedBy: 'staff',
      linkedAt: largeMemberJoinedAt(m),
    }));
  }
  for (let n = 0; n < invitations; n++) {
    const sentAt = at(2 + members + n);
    events.push(event(companyId, sentAt, 'InvitationSent', {
      invitationId: uuidv7(sentAt), email: `invitee${n}@elsewhere.example`, role: 'viewer', invitedBy: userIds[0],
      sentAt: new Date(sentAt).toISOString(), expiresAt: new Date(sentAt + 30 * DAY).toISOString(),
    }));
  }
  return { companyId, events, userIds };
}

/** Appends each history as its own stream, a thousand appends per event-loop turn (one group commit). */
export async function appendAll(store: EventStore, histories: Iterable<{ companyId: string; events: NewEvent[] }>): Promise<number> {
  let pending: Promise<unknown>[] = [];
  let count = 0;
  for (const { companyId, events } of histories) {
    pending.push(store.appendToStream(`company-${companyId}`, events, 'no_stream'));
    count += events.length;
    if (pending.length === 1000) {
      await Promise.all(pending);
      pending = [];
    }
  }
  await Promise.all(pending);
  return count;
}

/** As StreamCommands records an event: its own time-ordered id, the command's ids, actor, time and schema version. */
function event(companyId: string, at: number, type: string, data: Record<string, unknown>): NewEvent {
  const id = uuidv7(at);
  const commandId = uuidv7(at);
  return {
    id, type, data: { companyId, ...data },
    metadata: {
      eventId: id, commandId, correlationId: commandId, causationId: commandId,
      actor: { userId: 'staff-1', staff: true }, occurredAt: new Date(at).toISOString(), schemaVersion: 1,
    },
  };
}
