import { bodyParser } from '@koa/bodyparser';
import type { Context } from 'koa';
import { err, ok, type Result } from 'neverthrow';
import { apiError, validationFailed, type ApiError } from './api-error';

/**
 * Reads a request body as JSON whatever its Content-Type (this API speaks JSON only), with a size
 * limit. `undefined` means no body was sent. Parsing errors are answers, never exceptions.
 */
export function jsonBodyReader(limitBytes: number): (ctx: Context) => Promise<Result<unknown, ApiError>> {
  const parse = bodyParser({
    enableTypes: ['json'],
    detectJSON: () => true,
    jsonStrict: false,
    jsonLimit: limitBytes,
  });
  return async (ctx) => {
    try {
      await parse(ctx, async () => undefined);
    } catch (error) {
      return err(bodyError(error, limitBytes));
    }
    // Only an empty raw body is "no body": the JSON text `""` is a (wrong) body.
    const raw = (ctx.request as { rawBody?: unknown }).rawBody;
    return ok(raw === undefined || raw === '' ? undefined : (ctx.request.body as unknown));
  };
}

function bodyError(error: unknown, limitBytes: number): ApiError {
  const status = (error as { status?: unknown } | null)?.status;
  if (status === 413) {
    return apiError('payload_too_large', `The body is larger than ${limitBytes} bytes.`);
  }
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return validationFailed('The body is not valid JSON.', [
      { in: 'body', path: '', message: 'send one JSON object, UTF-8 encoded' },
    ]);
  }
  throw error;
}
