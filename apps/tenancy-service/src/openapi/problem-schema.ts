import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/** problems/problem.ts as JSON Schema: RFC 9457 problem details, the one error shape. */
export const PROBLEM_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'RFC 9457 problem details',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', description: 'urn:tenancy:problem:<code>', example: 'urn:tenancy:problem:request.invalid' },
    title: { type: 'string', example: 'Bad Request' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    code: { type: 'string', description: 'Stable and machine-readable, e.g. company.not_found', example: 'request.invalid' },
    errors: {
      type: 'array',
      description: 'Each refused field with why',
      items: {
        type: 'object', required: ['field', 'message'],
        properties: { field: { type: 'string', example: 'timezone' }, message: { type: 'string' } },
      },
    },
    instance: { type: 'string', description: 'The path the problem concerns' },
  },
};
