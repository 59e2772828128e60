import type { Context } from 'koa';
import { err, ok, type Result } from 'neverthrow';
import { apiError, validationFailed, type ApiError } from './api-error';
import { readBodyBytes, SUPPORTED_ENCODINGS, type BodyFailure } from './body-bytes';

/** Refuses bytes that are not UTF-8 instead of replacing them with U+FFFD (a leading BOM is dropped). */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** A `__proto__` key, spelled plainly or with escapes: refused, so no later copy can change a prototype. */
const PROTO_KEY =
  /"(?:_|\\u005[Ff])(?:_|\\u005[Ff])(?:p|\\u0070)(?:r|\\u0072)(?:o|\\u006[Ff])(?:t|\\u0074)(?:o|\\u006[Ff])(?:_|\\u005[Ff])(?:_|\\u005[Ff])"\s*:/;

/**
 * Reads a request body as JSON whatever its Content-Type (this API speaks JSON only): its
 * Content-Encoding undone (gzip, deflate, br), at most `limitBytes` before and after decoding, UTF-8.
 * `undefined` means no body was sent. Every failure is an answer (4xx), never an exception.
 */
export function jsonBodyReader(limitBytes: number): (ctx: Context) => Promise<Result<unknown, ApiError>> {
  return async (ctx) => {
    // A host that parsed the body itself (its own body parser before this router) is taken at its word.
    const parsedByHost = (ctx.request as { body?: unknown }).body;
    if (parsedByHost !== undefined) return ok(parsedByHost);

    const bytes = await readBodyBytes(ctx.req, limitBytes);
    if (bytes.isErr()) {
      // What is left of a refused body is never read: this answer ends the connection, so the
      // server can drain the rest before it closes instead of resetting a client still uploading.
      ctx.set('Connection', 'close');
      return err(failureAnswer(bytes.error, limitBytes));
    }
    let text: string;
    try {
      text = UTF8.decode(bytes.value);
    } catch {
      return err(notJson('the body is not UTF-8 encoded'));
    }
    // Only an empty body is "no body": the JSON text `""` is a (wrong) body.
    if (text === '') return ok(undefined);
    if (PROTO_KEY.test(text)) return err(notJson('a key named __proto__ is not accepted'));
    try {
      return ok(JSON.parse(text) as unknown);
    } catch {
      return err(notJson('send one JSON object, UTF-8 encoded'));
    }
  };
}

function failureAnswer(failure: BodyFailure, limitBytes: number): ApiError {
  switch (failure.kind) {
    case 'too_large':
      return apiError('payload_too_large', `The body is larger than ${limitBytes} bytes (after decoding).`);
    case 'unsupported_encoding':
      return apiError(
        'unsupported_encoding',
        `Content-Encoding ${failure.encoding} is not supported: send ${SUPPORTED_ENCODINGS.join(', ')}, or none.`,
      );
    case 'undecodable':
      return notJson(`the body is not valid ${failure.encoding} data`);
    case 'incomplete':
      return notJson('the body did not arrive whole');
  }
}

function notJson(message: string): ApiError {
  return validationFailed('The body is not valid JSON.', [{ in: 'body', path: '', message }]);
}
