import { ValidationPipe, type ValidationError } from '@nestjs/common';
import type { FieldError } from '@tenancy/domain';
import { InvalidInput } from '../problems/invalid-input';

/**
 * Checks a command's input (an HTTP body or query, a Kafka payload) against its DTO: unknown
 * fields and wrong types are refused before anything is decided, naming each field.
 */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validateCustomDecorators: false,
    exceptionFactory: (errors) => {
      const fields = oneEntryPerField(flatten(errors));
      return new InvalidInput(fields);
    },
  });
}

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      // class-validator starts messages with the property name; the field is named separately.
      message: message.startsWith(`property ${error.property} `) ? 'is not allowed' : message.replace(new RegExp(`^${error.property} `), ''),
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Several broken rules on one field read as one entry. */
function oneEntryPerField(errors: FieldError[]): FieldError[] {
  const byField = new Map<string, string[]>();
  for (const { field, message } of errors) byField.set(field, [...(byField.get(field) ?? []), message]);
  return [...byField].map(([field, messages]) => ({ field, message: messages.join('; ') }));
}
