import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/**
 * The one rule for a whole number in a path or a query: digits only, 15 at most (so it stays a
 * safe integer). `Number()` would also read `1e1`, `0x7`, `0b11`, `+7`, `7.0` and ` 7`, and
 * answer for a number the caller did not write (revision 10 for a typo of 1e1).
 */
const DIGITS = /^[0-9]{1,15}$/;

/** For the OpenAPI document: how such a parameter is written. */
export const WHOLE_NUMBER_PATTERN = DIGITS.source;

/** The number `text` writes in digits, or undefined when it is anything else. */
export const wholeNumberIn = (text: unknown): number | undefined =>
  typeof text === 'string' && DIGITS.test(text) ? Number(text) : undefined;

/**
 * An optional query parameter that is a whole number from `min` to `max`. Anything else (text that
 * is no digits, -1, 0 below a minimum of 1, 201 above 200) is refused with the one message naming
 * the range: the rule is one, so its wording is too.
 */
export const WholeNumberQuery = (min: number, max: number, defaultValue: number) => {
  const message = `must be a whole number from ${min} to ${max}, in digits`;
  return applyDecorators(
    ApiPropertyOptional({ type: 'integer', minimum: min, maximum: max, default: defaultValue }),
    Transform(({ value }) => wholeNumberIn(value) ?? value),
    IsInt({ message }),
    Min(min, { message }),
    Max(max, { message }),
  );
};
