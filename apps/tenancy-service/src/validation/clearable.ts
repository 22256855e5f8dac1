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

/**
 * A `null` anywhere in a body, other than a whole clearable field, named by its path. An optional
 * field is kept when left out, so its message says so; a required one (no `@IsOptional()`, such as
 * the settings a PUT replaces whole) cannot be left out, so its message does not send the caller there.
 */
export function nullsRefused(body: unknown, dto: unknown): FieldError[] {
  if (typeof body !== 'object' || body === null) return [];
  const clearable = clearableFields(dto);
  const optional = optionalFields(dto);
  const errors: FieldError[] = [];
  const queue: Array<{ value: unknown; path: string }> = Object.entries(body)
    .filter(([name, value]) => !(value === null && clearable.has(name)))
    .map(([name, value]) => ({ value, path: name }));
  // Iterative, breadth first: a body's depth is bounded by its parser, not trusted here.
  for (let next = 0; next < queue.length; next++) {
    const { value, path } = queue[next];
    if (value === null) {
      errors.push({ field: path, message: path.includes('.') || path.includes('[') || !optional.has(path)
        ? 'must not be null' : 'cannot be cleared: leave it out to keep it, or give a value' });
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
