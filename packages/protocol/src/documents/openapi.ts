import type { z } from 'zod';
import { errorBodySchema } from '../rest/common.schemas';
import { statusOf, type ErrorCode } from '../rest/error-codes';
import { idempotencyKeySchema } from '../rest/idempotency-key';
import { takesBody, type Operation } from '../rest/operation';
import { SchemaCollector, type JsonSchema } from './json-schemas';

export interface DocumentInfo {
  title: string;
  version: string;
  description?: string;
}

export const REST_API_INFO: DocumentInfo = {
  title: 'booking REST API',
  version: '0.1.0',
  description:
    'Sell bus seats: routes, seat maps, tickets and payments. Errors are { error: { code, message, details? } }.',
};

/** `/tickets/:id` in Koa is `/tickets/{id}` in OpenAPI. */
export const openApiPath = (koaPath: string) => koaPath.replace(/:(\w+)/g, '{$1}');

/** Codes an operation may answer besides its own: from its inputs, its access rule and the middleware. */
function commonCodes(operation: Operation): ErrorCode[] {
  const codes: ErrorCode[] = ['rate_limited', 'internal_error'];
  if (operation.params || operation.query || operation.body || operation.idempotent || takesBody(operation)) {
    codes.push('validation_failed');
  }
  if (takesBody(operation)) codes.push('payload_too_large', 'unsupported_encoding');
  if (operation.access !== 'public') codes.push('unauthorized');
  if (Array.isArray(operation.access)) codes.push('forbidden');
  return codes;
}

function parametersOf(schema: z.ZodType | undefined, place: 'path' | 'query', collector: SchemaCollector) {
  if (!schema) return [];
  const object = collector.convert(schema, 'input') as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return {
      name,
      in: place,
      required: place === 'path' || (object.required ?? []).includes(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: propertySchema,
    };
  });
}

/** The OpenAPI 3.1 document of the operations, from the schemas that validate their requests. */
export function buildOpenApiDocument(
  operations: readonly Operation[],
  info: DocumentInfo = REST_API_INFO,
): object {
  const collector = new SchemaCollector('draft-2020-12', '#/components/schemas/');
  const errorBody = collector.convert(errorBodySchema, 'output');
  const paths: Record<string, Record<string, object>> = {};
  for (const operation of operations) {
    const codes = [...new Set([...operation.errors, ...commonCodes(operation)])];
    const byStatus = new Map<number, ErrorCode[]>();
    for (const code of codes) byStatus.set(statusOf(code), [...(byStatus.get(statusOf(code)) ?? []), code]);
    const responses: Record<string, object> = {
      [operation.success.status]: {
        description: operation.success.description,
        ...(operation.success.schema
          ? {
              content: {
                'application/json': { schema: collector.convert(operation.success.schema, 'output') },
                ...Object.fromEntries(
                  (operation.success.alternatives ?? []).map((type) => [
                    type,
                    { schema: { type: 'string' } },
                  ]),
                ),
              },
            }
          : operation.success.contentType
            ? { content: { [operation.success.contentType]: { schema: { type: 'string' } } } }
            : {}),
      },
    };
    for (const [status, statusCodes] of [...byStatus].sort(([a], [b]) => a - b)) {
      responses[status] = {
        description: `error.code: ${statusCodes.join(', ')}`,
        content: { 'application/json': { schema: errorBody } },
      };
    }
    const parameters = [
      ...parametersOf(operation.params, 'path', collector),
      ...parametersOf(operation.query, 'query', collector),
      ...(operation.idempotent
        ? [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              description: 'Repeat a request safely: the same key and body answer the first answer again.',
              schema: collector.convert(idempotencyKeySchema, 'input'),
            },
          ]
        : []),
    ];
    const path = openApiPath(operation.path);
    paths[path] = {
      ...paths[path],
      [operation.method.toLowerCase()]: {
        operationId: operation.operationId,
        summary: operation.summary,
        security: operation.access === 'public' ? [] : [{ bearerAuth: [] }],
        ...(Array.isArray(operation.access) ? { 'x-roles': operation.access } : {}),
        ...(parameters.length > 0 ? { parameters } : {}),
        ...(operation.body
          ? {
              requestBody: {
                required: !operation.bodyOptional,
                content: { 'application/json': { schema: collector.convert(operation.body, 'input') } },
              },
            }
          : {}),
        responses,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      schemas: collector.components,
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
}
