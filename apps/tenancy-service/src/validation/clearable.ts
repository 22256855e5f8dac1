import { getMetadataStorage, ValidateBy, type ValidationOptions } from 'class-validator';
import type { FieldError } from '@tenancy/domain';

const CLEARABLE = 'clearable';

/**
 * A field that `null` clears. Everywhere else `null` is refused (see `nullsRefused`), because
 * `@IsOptional()` lets it through and a handler would then silently keep the old value.
 * A class-validator rule that always passes, so that mapped types (the Kafka payloads) inherit it.
 */
export function Clearable(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({ name: CLEARABLE, validator: { validate: () => true } }, options);
}

const KEPT = 'keptWhenLeftOut';

/**
 * An optional field of a change (`PATCH`), whose value is kept when it is left out, so a `null`
 * for it is told so. On a creation an optional field has nothing to keep: left out, it is not set.
 * Always passes, as `@Clearable()` does, so the Kafka payloads made from a DTO inherit it.
 */
export function KeptWhenLeftOut(): PropertyDecorator {
  return ValidateBy({ name: KEPT, validator: { validate: () => true } });
}

/**
 * A `null` anywhere in a body, other than a whole clearable field, named by its path. A field kept
 * when left out says so; another optional one, that it takes a value or is left out; a required one
 * (no `@IsOptional()`, such as the settings a PUT replaces whole) cannot be left out, so its message
 * does not send the caller there.
 */
export function nullsRefused(body: unknown, dto: unknown): FieldError[] {
  if (typeof body !== 'object' || body === null) return [];
  const clearable = clearableFields(dto);
  const optional = optionalFields(dto);
  const kept = fieldsWithRule(dto, KEPT);
  const errors: FieldError[] = [];
  const queue: Array<{ value: unknown; path: string }> = Object.entries(body)
    .filter(([name, value]) => !(value === null && clearable.has(name)))
    .map(([name, value]) => ({ value, path: name }));
  // Iterative, breadth first: a body's depth is bounded by its parser, not trusted here.
  for (let next = 0; next < queue.length; next++) {
    const { value, path } = queue[next];
    if (value === null) {
      errors.push({ field: path, message: kept.has(path) ? 'cannot be cleared: leave it out to keep it, or give a value'
        : optional.has(path) ? 'must not be null: give a value, or leave it out' : 'must not be null' });
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => queue.push({ value: item, path: `${path}[${index}]` }));
    } else if (typeof value === 'object') {
      for (const [name, item] of Object.entries(value)) queue.push({ value: item, path: `${path}.${name}` });
    }
  }
  return errors;
}

export const clearableFields = (dto: unknown): Set<string> => fieldsWithRule(dto, CLEARABLE);

const optionalFields = (dto: unknown): Set<string> => fieldsWithRule(dto, 'isOptional');

function fieldsWithRule(dto: unknown, name: string): Set<string> {
  if (typeof dto !== 'function') return new Set();
  return new Set(getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false)
    .filter((rule) => rule.name === name).map((rule) => rule.propertyName));
}
