import type { DomainError } from '@booking/core';
import { statusOf, type ErrorCode, type TransportErrorCode } from '@booking/protocol';

/** One issue of a rejected request: where (`path`, empty for the whole input) and what is wrong. */
export interface Issue {
  /** Which part of the request: the path, the query, a header or the body. */
  in?: 'path' | 'query' | 'header' | 'body';
  path: string;
  message: string;
}

/** An error answer: `{ error: { code, message, details? } }` with `status`. */
export interface ApiError {
  status: number;
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export function apiError(
  code: TransportErrorCode | 'validation_failed',
  message: string,
  details?: unknown,
): ApiError {
  return { status: statusOf(code), code, message, ...(details === undefined ? {} : { details }) };
}

export function validationFailed(message: string, issues: Issue[]): ApiError {
  return apiError('validation_failed', message, issues);
}

/** Internal fields never go to clients: `cause` may hold driver errors, hosts or SQL. */
const HIDDEN_FIELDS = new Set(['kind', 'message', 'cause']);

/** A domain error as the client sees it: its kind as the code, its other data as details. */
export function fromDomainError(error: DomainError): ApiError {
  if (error.kind === 'validation_failed') {
    return validationFailed(error.message, issuesOf(error.details));
  }
  const extra = Object.entries(error).filter(([key]) => !HIDDEN_FIELDS.has(key));
  return {
    status: statusOf(error.kind),
    code: error.kind,
    message: error.message,
    ...(extra.length > 0 ? { details: Object.fromEntries(extra) } : {}),
  };
}

/** The core lists problems as sentences; answers always carry `{ path, message }` issues. */
function issuesOf(details: unknown): Issue[] {
  if (!Array.isArray(details)) return [];
  return details.map((d: unknown) =>
    typeof d === 'string' ? { path: '', message: d } : { path: '', message: String(d) },
  );
}

export function isApiError(error: DomainError | ApiError): error is ApiError {
  return 'code' in error && 'status' in error;
}
