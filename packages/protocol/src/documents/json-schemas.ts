import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

/**
 * Turns zod schemas into the JSON Schemas of a document: named schemas (`.meta({ id })`) are
 * collected once as components and referenced from `refPrefix`; everything else is inlined.
 */
export class SchemaCollector {
  readonly components: Record<string, JsonSchema> = {};

  constructor(
    private readonly target: 'draft-2020-12' | 'draft-7',
    private readonly refPrefix: string,
  ) {}

  convert(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const converted = z.toJSONSchema(schema, { target: this.target, io, unrepresentable: 'any' });
    const {
      $schema: _schema,
      $defs,
      definitions,
      ...rest
    } = this.rewriteRefs(converted) as JsonSchema & {
      $defs?: Record<string, JsonSchema>;
      definitions?: Record<string, JsonSchema>;
    };
    Object.assign(this.components, $defs ?? {}, definitions ?? {});
    return rest;
  }

  private rewriteRefs(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => this.rewriteRefs(item));
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) =>
        key === '$ref' && typeof inner === 'string'
          ? [key, inner.replace(/^#\/(\$defs|definitions)\//, this.refPrefix)]
          : [key, this.rewriteRefs(inner)],
      ),
    );
  }
}
