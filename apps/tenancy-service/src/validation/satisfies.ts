import { ValidateBy, type ValidationOptions } from 'class-validator';
import type { FieldError } from '@tenancy/domain';

/** The names the domain's rules are declared under, as a broken rule's constraint is keyed. */
const DOMAIN_RULES = new Set<string>();

const declared = (rule: { name: string }): string => {
  const name = rule.name || 'domainRule';
  DOMAIN_RULES.add(name);
  return name;
};

/**
 * Whether a broken constraint is a domain rule's: it is the rule the API documents for its field,
 * so when it is broken it speaks for the field alone (validation.pipe.ts, brokenRules).
 */
export const isDomainRule = (constraint: string): boolean => DOMAIN_RULES.has(constraint);

/**
 * Applies a domain value rule at the edge, so HTTP and Kafka refuse bad values with the
 * same words the domain uses, from one definition.
 */
export function Satisfies(rule: (field: string, value: string) => FieldError | null, options?: ValidationOptions) {
  return ValidateBy({
    name: declared(rule),
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
    name: declared(rule),
    constraints: [rule],
    validator: {
      validate: (value, args) => rule(args?.property ?? '', value) === null,
      defaultMessage: (args) => rule(args?.property ?? '', args?.value)?.message ?? 'is invalid',
    },
  }, options);
}
