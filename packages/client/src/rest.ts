import type { ProtocolError } from '@booking/protocol';
import type { ServerClock } from './server-clock';

/** A refused or failed REST call: the server's `{ code, message, details? }` with the HTTP status. */
export interface RestError extends ProtocolError {
  /** The HTTP status; absent when no answer came (`code: 'unreachable'`). */
  status?: number;
  details?: unknown;
}

/** A token, or a function asked for the current one at each call (a page's token field, a refresh). */
export type TokenSource = string | (() => string | undefined);

export const tokenOf = (source: TokenSource | undefined): string | undefined =>
  (typeof source === 'function' ? source() : source) || undefined;

/** An answer's body and the server's clock when it answered (from `Date`, to the second), if given. */
export interface RestAnswer<T> {
  body: T;
  serverDateMs?: number;
}

export type RestMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** One call of a group of REST calls: its answer's body, the server's clock noted on the way. */
export type ClockedCall = <T>(method: RestMethod, path: string, body?: unknown) => Promise<T>;

/**
 * The calls of a client of `baseUrl` with `token`: each answer's `Date` sets `clock` (so countdowns
 * follow the server's time), and the body is what the call resolves to.
 */
export function clockedCall(
  baseUrl: string,
  token: TokenSource | undefined,
  clock: ServerClock,
): ClockedCall {
  return async <T>(method: RestMethod, path: string, body?: unknown): Promise<T> => {
    const answer = await restCall<T>(baseUrl, method, path, { body, token: tokenOf(token) });
    if (answer.serverDateMs !== undefined) clock.observe(answer.serverDateMs);
    return answer.body;
  };
}

/** Calls the REST API with JSON; a non-2xx answer rejects with its `RestError`. */
export async function restCall<T>(
  baseUrl: string,
  method: RestMethod,
  path: string,
  { body, token }: { body?: unknown; token?: string } = {},
): Promise<RestAnswer<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw {
      code: 'unreachable',
      message: `${method} ${path}: ${(error as Error).message}`,
    } satisfies RestError;
  }
  const json: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw restError(response.status, json);
  const date = Date.parse(response.headers.get('date') ?? '');
  return { body: json as T, ...(Number.isNaN(date) ? {} : { serverDateMs: date }) };
}

function restError(status: number, json: unknown): RestError {
  const error = (json as { error?: Partial<RestError> } | undefined)?.error;
  return {
    code: typeof error?.code === 'string' ? error.code : 'http_error',
    message: typeof error?.message === 'string' ? error.message : `HTTP ${status}`,
    status,
    ...(error?.details === undefined ? {} : { details: error.details }),
  };
}
