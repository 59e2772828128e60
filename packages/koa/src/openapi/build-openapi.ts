import { z } from 'zod';
import type { Endpoint } from '../endpoints/endpoint';
import { MAX_IDEMPOTENCY_KEY_LENGTH } from '../http/idempotency-key';
import { statusOf, type ErrorCode } from '../http/status-by-kind';
import { errorBodySchema } from '../schemas/common.schemas';

type JsonSchema = Record<string, unknown>;

export interface OpenApiInfo {
  title: string;
  version: string;
  description?: string;
}

/** Named schemas (`.meta({ id })`) become components; everything else is inlined. */
class SchemaCollector {
  readonly components: Record<string, JsonSchema> = {};

  convert(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const converted = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });
    const {
      $schema: _schema,
      $defs,
      ...rest
    } = rewriteRefs(converted) as JsonSchema & {
      $defs?: Record<string, JsonSchema>;
    };
    Object.assign(this.components, $defs ?? {});
    return rest;
  }
}

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) =>
      key === '$ref' && typeof inner === 'string'
        ? [key, inner.replace('#/$defs/', '#/components/schemas/')]
        : [key, rewriteRefs(inner)],
    ),
  );
}

/** `/tickets/:id` in Koa is `/tickets/{id}` in OpenAPI. */
export const openApiPath = (koaPath: string) => koaPath.replace(/:(\w+)/g, '{$1}');

/** Codes an endpoint may answer besides its own: from its inputs, its access rule and the middleware. */
function commonCodes(endpoint: Endpoint): ErrorCode[] {
  const codes: ErrorCode[] = ['rate_limited', 'internal_error'];
  if (
    endpoint.params ||
    endpoint.query ||
    endpoint.body ||
    endpoint.idempotent ||
    endpoint.method === 'POST'
  ) {
    codes.push('validation_failed');
  }
  if (endpoint.method === 'POST') codes.push('payload_too_large', 'unsupported_encoding');
  if (endpoint.access !== 'public') codes.push('unauthorized');
  if (Array.isArray(endpoint.access)) codes.push('forbidden');
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

/** The OpenAPI 3.1 document of the endpoints, from the schemas that validate their requests. */
export function buildOpenApiDocument(endpoints: readonly Endpoint[], info: OpenApiInfo): object {
  const collector = new SchemaCollector();
  const errorBody = collector.convert(errorBodySchema, 'output');
  const paths: Record<string, Record<string, object>> = {};
  for (const endpoint of endpoints) {
    const codes = [...new Set([...endpoint.errors, ...commonCodes(endpoint)])];
    const byStatus = new Map<number, ErrorCode[]>();
    for (const code of codes) byStatus.set(statusOf(code), [...(byStatus.get(statusOf(code)) ?? []), code]);
    const responses: Record<string, object> = {
      [endpoint.success.status]: {
        description: endpoint.success.description,
        ...(endpoint.success.schema
          ? {
              content: {
                'application/json': { schema: collector.convert(endpoint.success.schema, 'output') },
              },
            }
          : endpoint.success.contentType
            ? { content: { [endpoint.success.contentType]: { schema: { type: 'string' } } } }
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
      ...parametersOf(endpoint.params, 'path', collector),
      ...parametersOf(endpoint.query, 'query', collector),
      ...(endpoint.idempotent
        ? [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              description: 'Repeat a request safely: the same key and body answer the first answer again.',
              schema: {
                type: 'string',
                minLength: 1,
                maxLength: MAX_IDEMPOTENCY_KEY_LENGTH,
                pattern: '^[\\x21-\\x7e]+$',
              },
            },
          ]
        : []),
    ];
    const path = openApiPath(endpoint.path);
    paths[path] = {
      ...paths[path],
      [endpoint.method.toLowerCase()]: {
        operationId: endpoint.operationId,
        summary: endpoint.summary,
        security: endpoint.access === 'public' ? [] : [{ bearerAuth: [] }],
        ...(Array.isArray(endpoint.access) ? { 'x-roles': endpoint.access } : {}),
        ...(parameters.length > 0 ? { parameters } : {}),
        ...(endpoint.body
          ? {
              requestBody: {
                required: true,
                content: { 'application/json': { schema: collector.convert(endpoint.body, 'input') } },
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
