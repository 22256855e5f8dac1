import { ValidateBy, type ValidationOptions } from 'class-validator';
import type { FieldError } from '@tenancy/domain';

/**
 * Applies a domain value rule at the edge, so HTTP and Kafka refuse bad values with the
 * same words the domain uses, from one definition.
 */
export function Satisfies(rule: (field: string, value: string) => FieldError | null, options?: ValidationOptions) {
  return ValidateBy({
    name: rule.name || 'domainRule',
    // The rule itself, so the OpenAPI document can say what it takes (openapi/value-schemas.ts).
    constraints: [rule],
    validator: {
      validate: (value, args) => typeof value === 'string' && rule(args?.property ?? '', value) === null,
      defaultMessage: (args) =>
        typeof args?.value === 'string' ? rule(args.property, args.value)?.message ?? 'is invalid' : 'must be a string',
    },
  }, options);
}

/**
 * As Satisfies, for a domain rule that takes any value (a number, a code from a list): the
 * rule's own words for whatever came, so the edge and the domain say the same.
 */
export function SatisfiesValue(rule: (field: string, value: unknown) => FieldError | null, options?: ValidationOptions) {
  return ValidateBy({
    name: rule.name || 'domainRule',
    constraints: [rule],
    validator: {
      validate: (value, args) => rule(args?.property ?? '', value) === null,
      defaultMessage: (args) => rule(args?.property ?? '', args?.value)?.message ?? 'is invalid',
    },
  }, options);
}
