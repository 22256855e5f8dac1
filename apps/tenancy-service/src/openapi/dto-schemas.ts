import type { Type } from '@nestjs/common';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { TEXT, schemaOfRule } from './value-schemas';

/**
 * A DTO's properties as JSON Schema, read from the class-validator rules the input pipe applies,
 * so the document cannot drift from validation: type, lengths, bounds, enums, the domain value
 * rules a field `@Satisfies`, null where a field is `@Clearable()`, the text rules except where a
 * field is `@RawText()`, and which fields are required.
 * What `@ApiProperty` says (description, example) stays; the rules override what they cover.
 */
export function dtoProperties(dto: Type, declared: Record<string, SchemaObject> = {}): {
  properties: Record<string, SchemaObject>; required: string[];
} {
  const rules = new Map<string, ValidationMetadata[]>();
  for (const rule of getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false)) {
    rules.set(rule.propertyName, [...(rules.get(rule.propertyName) ?? []), rule]);
  }
  const properties: Record<string, SchemaObject> = {};
  const required: string[] = [];
  for (const [name, own] of rules) {
    // Fields the pipe accepts only so the domain can refuse them by name (no @ApiProperty) stay undocumented.
    if (!(name in declared)) continue;
    properties[name] = propertySchema(own, declared[name]);
    if (!own.some((rule) => rule.name === 'isOptional')) required.push(name);
  }
  return { properties, required };
}

function propertySchema(rules: ValidationMetadata[], declared: SchemaObject): SchemaObject {
  const each = rules.filter((rule) => rule.each);
  if (each.length === 0 && declared.type !== 'array') return withRules({ ...declared }, rules);
  // Rules given `each` hold for every value of a list (a query parameter repeated, `status=a&status=b`): the items take them.
  const items = withRules({ ...(declared.items as SchemaObject | undefined) }, each);
  return { ...withRules({ ...declared }, rules.filter((rule) => !rule.each)), type: 'array', items };
}

function withRules(schema: SchemaObject, rules: ValidationMetadata[]): SchemaObject {
  let raw = false;
  for (const rule of rules) {
    const [first] = (rule.constraints ?? []) as unknown[];
    switch (rule.name) {
      case 'isString': Object.assign(schema, { type: 'string' }); break;
      case 'isBoolean': Object.assign(schema, { type: 'boolean' }); break;
      case 'isInt': Object.assign(schema, { type: 'integer' }); break;
      case 'isIn': Object.assign(schema, { type: 'string', enum: [...first as string[]] }); break;
      case 'minLength': schema.minLength = first as number; break;
      case 'maxLength': schema.maxLength = first as number; break;
      case 'min': schema.minimum = first as number; break;
      case 'max': schema.maximum = first as number; break;
      case 'clearable': schema.nullable = true; break;
      case 'rawText': raw = true; break;
      default: {
        const ruleSchema = schemaOfRule(first);
        if (ruleSchema) Object.assign(schema, ruleSchema);
      }
    }
  }
  // Every string obeys the text rules but a raw one; enums and formats are narrower already.
  if (schema.type === 'string' && !raw && !schema.enum && !schema.pattern && !schema.format) schema.pattern = TEXT.pattern;
  if (schema.enum) delete schema.pattern;
  return schema;
}
