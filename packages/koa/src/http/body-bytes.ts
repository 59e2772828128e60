import type { IncomingMessage } from 'node:http';
import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { err, ok, type Result } from 'neverthrow';

/** Why a body could not be read: each is the client's doing, none is a server error. */
export type BodyFailure =
  | { kind: 'too_large' }
  | { kind: 'unsupported_encoding'; encoding: string }
  | { kind: 'undecodable'; encoding: string }
  | { kind: 'incomplete' };

/** The content codings this API undoes (HTTP's `deflate` is zlib-wrapped, as Node's inflate expects). */
const DECODERS: Record<string, () => Transform> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

export const SUPPORTED_ENCODINGS = ['gzip', 'deflate', 'br'] as const;

/**
 * The request body's bytes with its `Content-Encoding` undone. `limitBytes` bounds the bytes on the
 * wire and, separately, the decoded bytes, so a small compressed body cannot expand into a large
 * one (a "zip bomb"): decoding stops as soon as it passes the limit. One coding at most.
 */
export function readBodyBytes(
  request: IncomingMessage,
  limitBytes: number,
): Promise<Result<Buffer, BodyFailure>> {
  const codings = (request.headers['content-encoding'] ?? '')
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
  const [coding] = codings;
  const makeDecoder = coding === undefined ? undefined : DECODERS[coding];
  if (coding !== undefined && (codings.length > 1 || !makeDecoder)) {
    return Promise.resolve(err({ kind: 'unsupported_encoding', encoding: codings.join(', ') }));
  }
  if (Number(request.headers['content-length'] ?? 0) > limitBytes) {
    return Promise.resolve(err({ kind: 'too_large' }));
  }
  return collect(request, makeDecoder?.(), coding ?? 'identity', limitBytes);
}

function collect(
  request: IncomingMessage,
  decoder: Transform | undefined,
  coding: string,
  limitBytes: number,
): Promise<Result<Buffer, BodyFailure>> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let wireBytes = 0;
    let decodedBytes = 0;
    let settled = false;
    const output = decoder ?? request;
    const settle = (result: Result<Buffer, BodyFailure>) => {
      if (settled) return;
      settled = true;
      request.off('data', countWire);
      output.off('data', keep);
      if (decoder) {
        request.unpipe(decoder);
        decoder.destroy();
      }
      // Stop reading what is left of a refused body; the answer says `Connection: close` (read-json-body).
      if (result.isErr()) request.pause();
      resolve(result);
    };
    const countWire = (chunk: Buffer) => {
      wireBytes += chunk.length;
      if (wireBytes > limitBytes) settle(err({ kind: 'too_large' }));
    };
    const keep = (chunk: Buffer) => {
      decodedBytes += chunk.length;
      if (decodedBytes > limitBytes) settle(err({ kind: 'too_large' }));
      else chunks.push(chunk);
    };
    request.on('data', countWire);
    output.on('data', keep);
    output.once('end', () => settle(ok(Buffer.concat(chunks))));
    decoder?.once('error', () => settle(err({ kind: 'undecodable', encoding: coding })));
    // The client went away before the whole body arrived.
    request.once('close', () => {
      if (!request.complete) settle(err({ kind: 'incomplete' }));
    });
    request.once('error', () => settle(err({ kind: 'incomplete' })));
    if (decoder) request.pipe(decoder);
  });
}
