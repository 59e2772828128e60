import type { Role } from '@booking/core';
import type { z } from 'zod';
import type { ErrorCode } from './error-codes';

/** Who may call an operation: anyone, any signed-in user, or the listed roles. */
export type Access = 'public' | 'signed_in' | readonly Role[];

/**
 * One REST operation as the wire sees it, described once: the server validates its requests with
 * these schemas and mounts it at this path, and the OpenAPI document is generated from it.
 */
export interface Operation<
  PS extends z.ZodType = z.ZodType,
  QS extends z.ZodType = z.ZodType,
  BS extends z.ZodType = z.ZodType,
  A extends Access = Access,
> {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** A Koa-style path, e.g. `/tickets/:id`. */
  path: string;
  operationId: string;
  summary: string;
  access: A;
  params?: PS;
  query?: QS;
  /** POST and PATCH operations without a body schema accept no body (or `{}`). */
  body?: BS;
  /** The body may be left out, which reads as `{}`. */
  bodyOptional?: boolean;
  /** The largest body this operation takes in bytes, when it needs more than the API's default limit. */
  maxBodyBytes?: number;
  /** Takes an `Idempotency-Key` header. */
  idempotent?: boolean;
  success: {
    status: number;
    description: string;
    schema?: z.ZodType;
    contentType?: string;
    /** Other media types the same answer is served as, when the request's `Accept` prefers one. */
    alternatives?: readonly string[];
  };
  /** Error codes this operation answers with besides the ones every operation may give. */
  errors: readonly ErrorCode[];
}

/** Whether requests of the operation carry a JSON body (POST, PATCH). */
export function takesBody(operation: Pick<Operation, 'method'>): boolean {
  return operation.method === 'POST' || operation.method === 'PATCH';
}

/** Keeps the schema and access types of one operation for the handler that serves it. */
export function defineOperation<
  PS extends z.ZodType,
  QS extends z.ZodType,
  BS extends z.ZodType,
  A extends Access,
>(operation: Operation<PS, QS, BS, A>): Operation<PS, QS, BS, A> {
  return operation;
}
