import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsOptional, ValidateBy } from 'class-validator';

/**
 * An RFC 3339 instant: a date, a time and an offset (`Z` or `±hh:mm`); Date.parse alone also takes
 * looser forms, and rolls a day that does not exist over into the next month (2026-11-31 is read
 * as 2026-12-01), so the parts are checked here instead.
 */
const RFC_3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-](\d{2}):(\d{2}))$/;

const NOT_AN_INSTANT = 'must be an RFC 3339 instant such as 2026-11-22T10:00:00Z';

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * What is wrong with `value` as an instant, as a field message; null when it is one. A leap
 * second (`23:59:60`), which RFC 3339 allows, is refused with its own message: JavaScript dates,
 * and so the events' `occurredAt`, have none to compare it with.
 */
export function instantProblem(value: unknown): string | null {
  if (typeof value !== 'string') return NOT_AN_INSTANT;
  const parts = RFC_3339.exec(value);
  // A `+` left unencoded in a query string reads as a space: say so rather than only "no instant".
  if (!parts) return RFC_3339.test(value.replace(/ (?=\d{2}:\d{2}$)/, '+')) ? `${NOT_AN_INSTANT} (a + in a query is sent as %2B)` : NOT_AN_INSTANT;
  const [year, month, day, hour, minute, second] = parts.slice(1, 7).map(Number);
  const [offsetHour, offsetMinute] = [parts[9], parts[10]].map((part) => (part === undefined ? 0 : Number(part)));
  if (month < 1 || month > 12) return `has no month ${parts[2]}`;
  if (day < 1 || day > daysIn(year, month)) return `names a day that does not exist (${parts[1]}-${parts[2]} has ${daysIn(year, month)} days)`;
  if (hour > 23 || minute > 59 || offsetHour > 23 || offsetMinute > 59) return 'must have a time of day from 00:00:00 to 23:59:59 and an offset within ±23:59';
  if (second === 60) return 'must not be a leap second (:60): instants here have none; use :59';
  if (second > 59) return 'must have seconds from 00 to 59';
  return null;
}

/**
 * An instant as every answer spells it: UTC, milliseconds, `Z` (`2026-12-04t19:02:26.673+01:00`
 * is `2026-12-04T18:02:26.673Z`), so one instant reads the same in every answer and cursor. Digits
 * past the millisecond are dropped, as occurredAt has none. Only for an instant that exists.
 */
export const normalisedInstant = (value: string): string => new Date(Date.parse(value.toUpperCase())).toISOString();

/**
 * An optional query parameter that must be an instant that exists (the one rule every instant
 * input uses), handed on normalised (normalisedInstant); anything else is handed on as sent, for
 * the rule to name.
 */
export const IsInstant = () => applyDecorators(
  IsOptional(),
  Transform(({ value }) => (instantProblem(value) === null ? normalisedInstant(value as string) : value)),
  ValidateBy({
    name: 'isInstant',
    validator: {
      validate: (value) => instantProblem(value) === null,
      defaultMessage: (args) => `${args?.property ?? 'value'} ${instantProblem(args?.value) ?? 'must be an RFC 3339 instant'}`,
    },
  }),
);

/**
 * The upper bound of a range (`to`), which must not come before its lower bound (`from`): such a
 * range holds nothing, and answering an empty page hides the mix-up. Both are normalised by then.
 */
export const NotBefore = (lower: string) => ValidateBy({
  name: 'notBefore',
  validator: {
    validate: (value, args) => {
      const from = (args?.object as Record<string, unknown> | undefined)?.[lower];
      return typeof value !== 'string' || typeof from !== 'string' || instantProblem(from) !== null
        || Date.parse(from) <= Date.parse(value);
    },
    defaultMessage: () => `must not be before ${lower}`,
  },
});
