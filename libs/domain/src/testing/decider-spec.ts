import { undeclaredEmails } from '../personal-data';
import type { Actor, Command, CommandMetadata, Decider, DomainError, DomainEvent } from '../shared';

/**
 * given(events).when(command).then(events) / .thenThrows(code) for any decider. Every event a
 * decider makes here is also checked for an email in a field its type does not declare personal.
 */
export function deciderSpec<C extends Command, S, E extends DomainEvent>(decider: Decider<C, S, E>) {
  return {
    given(events: E[]) {
      const state = events.reduce(decider.evolve, decider.initialState());
      return {
        when(command: C) {
          const run = () => {
            const decided = decider.decide(command, state);
            expect(decided.flatMap((event) => undeclaredEmails(event).map((path) => `${event.type}.${path}`))).toEqual([]);
            return decided;
          };
          return {
            then(expected: E[]) {
              expect(run()).toEqual(expected);
            },
            thenNothingHappens() {
              expect(run()).toEqual([]);
            },
            /** Only the event types, for tables that check many callers at once. */
            thenTypes(types: E['type'][]) {
              expect(run().map((e) => e.type)).toEqual(types);
            },
            /** Returns the error so a test can also check its kind. */
            thenThrows(code: string, fields?: string[]): DomainError | undefined {
              let error: DomainError | undefined;
              try { run(); } catch (e) { error = e as DomainError; }
              expect(error?.code).toBe(code);
              if (fields) expect(error?.fieldErrors.map((f) => f.field).sort()).toEqual([...fields].sort());
              return error;
            },
          };
        },
      };
    },
  };
}

export const NOW = '2026-11-22T10:00:00.000Z';
export const staff: Actor = { userId: 'staff-1', staff: true };

export function metadata(actor: Actor = staff, now = NOW): CommandMetadata {
  return { commandId: 'cmd-1', correlationId: 'corr-1', causationId: 'cmd-1', actor, now };
}

/** A typed command builder for one decider's commands: `commandsOf<CompanyCommand>()('ActivateCompany', {...})`. */
export function commandsOf<C extends Command>() {
  return <T extends C['type']>(
    type: T, data: Extract<C, { type: T }>['data'], actor: Actor = staff, now = NOW,
  ): Extract<C, { type: T }> => ({ type, data, metadata: metadata(actor, now) }) as unknown as Extract<C, { type: T }>;
}
