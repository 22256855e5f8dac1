import { getMetadataStorage, ValidateBy, type ValidationOptions } from 'class-validator';

const RAW_TEXT = 'rawText';

/**
 * A string field taken byte for byte: the text rules (no control or bidi characters, NFC) are not
 * applied to it. Only for a field whose exact bytes are the point, such as a signed body whose
 * HMAC must be checked over what was signed; such a value is never shown, stored or logged as
 * text. Its other rules (type, length) still apply. A class-validator rule that always passes,
 * so that it is declared on the field and mapped types inherit it, like `@Clearable()`.
 */
export function RawText(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({ name: RAW_TEXT, validator: { validate: () => true } }, options);
}

export function rawTextFields(dto: unknown): Set<string> {
  if (typeof dto !== 'function') return new Set();
  return new Set(getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false)
    .filter((rule) => rule.name === RAW_TEXT).map((rule) => rule.propertyName));
}
