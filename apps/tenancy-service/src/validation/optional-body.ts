import { getMetadataStorage, ValidationTypes } from 'class-validator';

const optionalByDto = new WeakMap<object, boolean>();

/**
 * Whether a body DTO requires nothing: every field it checks is `@IsOptional()` (a field only
 * `@Allow()`ed, kept so the domain can refuse it by name, is never required). Such a body may
 * be left out, which reads as `{}`; a route is not refused for lacking what it does not need
 * (DELETE of a deleted company answered 415 without a body and 404 with one, QA F7). The input
 * pipe and the OpenAPI document (requestBody.required) ask this one question.
 */
export function bodyOptional(dto: unknown): boolean {
  if (typeof dto !== 'function') return false;
  let optional = optionalByDto.get(dto);
  if (optional === undefined) {
    const rules = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false)
      .filter((rule) => rule.type !== ValidationTypes.WHITELIST);
    const fields = new Set(rules.map((rule) => rule.propertyName));
    optional = [...fields].every((field) => rules.some((rule) => rule.propertyName === field && rule.name === 'isOptional'));
    optionalByDto.set(dto, optional);
  }
  return optional;
}
