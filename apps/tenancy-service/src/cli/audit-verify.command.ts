import { existsSync, readFileSync } from 'node:fs';
import type { AuditTrailBreak, AuditTrailCheck } from '@tenancy/application';
import { companyStreamName } from '@tenancy/domain';
import { checkAnchor, verifyAll, verifyStreamsWithDeleted, type Anchor, type EventStore, type Verification } from '@tenancy/event-store';
import { parseCompanyId } from '../commands/company-id';
import { companyStreams } from '../audit/company-streams';
import { progressBar } from './progress-bar';

export interface AuditVerifyArgs {
  company?: string;
  /** An anchor record, as published (JSON), or a file holding one. */
  anchor?: string;
}

/** `--company <id>` and `--anchor <json|file>`, in any order. */
export function parseArgs(argv: string[]): AuditVerifyArgs {
  const args: AuditVerifyArgs = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if ((flag !== '--company' && flag !== '--anchor') || value === undefined) {
      throw new Error('Usage: npm run audit:verify [-- --company <id>] [-- --anchor <anchor JSON or file>]');
    }
    args[flag === '--company' ? 'company' : 'anchor'] = value;
    i++;
  }
  if (args.company && args.anchor) throw new Error('An anchor covers every stream: give --anchor without --company');
  return args;
}

/**
 * Checks the hash chains of one company's streams (deleted or not), or of every stream, as stored; with an
 * anchor, also whether the store still matches it; with `trail`, then whether the audit trail holds
 * those events and no other. Says what it found on `out`; the exit code is 1 on a break or a
 * mismatch, 2 for a company the store never held (docs/tamper-evidence.md).
 */
export async function auditVerify(
  stored: EventStore, args: AuditVerifyArgs, out: (line: string) => void, progress: NodeJS.WriteStream = process.stderr, trail?: AuditTrailCheck,
): Promise<number> {
  const code = await verifyChains(stored, args, out, progress);
  if (code !== 0 || !trail) return code;
  const bar = progressBar('audit:verify trail', progress);
  const trailBreak = args.company
    ? await trail.company(companyStreamName(parseCompanyId(args.company)), parseCompanyId(args.company))
    : await trail.all((position, head) => bar.update(Number(position), Number(head)));
  if (!args.company) bar.done();
  return reportTrail(trailBreak, out);
}

async function verifyChains(stored: EventStore, args: AuditVerifyArgs, out: (line: string) => void, progress: NodeJS.WriteStream): Promise<number> {
  const bar = progressBar('audit:verify', progress);
  const onPage = (position: bigint, head: bigint) => bar.update(Number(position), Number(head));
  if (args.company) {
    // A deleted company's stream is tombstoned: its events are read from `$all`, as the full run reads them.
    const { verification, deleted } = await verifyStreamsWithDeleted(stored, companyStreams(parseCompanyId(args.company)), { onPage });
    if (deleted.length > 0) bar.done();
    if (verification.verified && verification.events === 0) {
      // A deleted company whose events the store dropped cannot be proven intact (1); one this store
      // never held is nothing to check, as a bad argument is (2).
      if (deleted.length > 0) {
        out(`No events for company ${args.company} (deleted, and the store no longer keeps its events)`);
        return 1;
      }
      out(`No events for company ${args.company}: this store has no such company`);
      return 2;
    }
    return report(verification, out);
  }
  if (args.anchor) {
    const anchor = readAnchor(args.anchor);
    const checked = await checkAnchor(stored, anchor, onPage);
    bar.done();
    const code = report(checked.verification, out);
    if (code !== 0) return code;
    if (!checked.matches) {
      out(`Anchor MISMATCH at position ${anchor.position}: it records ${anchor.head}, the store now gives ${checked.head}`);
      return 1;
    }
    out(`Anchor matches: the store up to position ${anchor.position} is as it was when anchored (${anchor.head})`);
    return 0;
  }
  const { verification } = await verifyAll(stored, { onPage });
  bar.done();
  return report(verification, out);
}

function report(verification: Verification, out: (line: string) => void): number {
  if (!verification.verified) {
    const { stream, revision, reason } = verification.brokenAt;
    out(`Chain BROKEN in stream ${stream} at revision ${revision}: ${reason}`);
    return 1;
  }
  const unhashed = verification.unhashed > 0 ? ` (${verification.unhashed} written before the chain, unhashed)` : '';
  out(`Verified: ${verification.events} events${unhashed} up to position ${verification.position}; head ${verification.head}`);
  return 0;
}

function reportTrail(trailBreak: AuditTrailBreak | null, out: (line: string) => void): number {
  if (!trailBreak) {
    out('Audit trail holds every event verified up to its checkpoint, and no other');
    return 0;
  }
  const { stream, revision, reason } = trailBreak;
  out(`Audit trail BROKEN in stream ${stream} at revision ${revision}: ${reason}`);
  return 1;
}

function readAnchor(given: string): Anchor {
  const inline = given.trim().startsWith('{');
  if (!inline && !existsSync(given)) throw new Error(`--anchor ${given}: no such file (give a file holding the anchor, or its JSON starting with {)`);
  const parsed = parseAnchorJson(inline ? given : readFileSync(given, 'utf8'));
  if (typeof parsed.position !== 'string' || !/^\d+$/.test(parsed.position) || typeof parsed.head !== 'string' || !/^[0-9a-f]{64}$/.test(parsed.head)) {
    throw new Error('An anchor is JSON with "position" (a whole number, as a string) and "head" (64 hex digits), as the anchor publisher logs it');
  }
  return { position: parsed.position, head: parsed.head, streams: parsed.streams ?? 0 };
}

/** The anchor's JSON, or the anchor's shape named when it is none: a parser's token error says nothing of what to give. */
function parseAnchorJson(text: string): Partial<Anchor> {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? parsed as Partial<Anchor> : {};
  } catch {
    return {};
  }
}
