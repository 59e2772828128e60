import type { Actor, DomainError, IdempotencyInput, Role } from '@booking/core';
import type { ResultAsync } from 'neverthrow';
import type { z } from 'zod';
import type { ApiError } from '../http/api-error';
import type { ErrorCode } from '../http/status-by-kind';

/** Who may call an endpoint: anyone, any signed-in user, or the listed roles. */
export type Access = 'public' | 'signed_in' | readonly Role[];

export interface Reply {
  status: number;
  body: unknown;
  /** Default: JSON. */
  contentType?: string;
}

export interface EndpointRequest<P, Q, B, A extends Access> {
  actor: A extends 'public' ? Actor | undefined : Actor;
  params: P;
  query: Q;
  body: B;
  idempotency: IdempotencyInput | undefined;
  /** The `Authorization` header as sent (for endpoints with their own credentials, e.g. metrics). */
  authorization: string | undefined;
}

/**
 * One REST operation, described once: the router mounts it, validation uses its schemas, and the
 * OpenAPI document is generated from the same description.
 */
export interface Endpoint<
  PS extends z.ZodType = z.ZodType,
  QS extends z.ZodType = z.ZodType,
  BS extends z.ZodType = z.ZodType,
  A extends Access = Access,
> {
  method: 'GET' | 'POST';
  /** A Koa path, e.g. `/tickets/:id`. */
  path: string;
  operationId: string;
  summary: string;
  access: A;
  params?: PS;
  query?: QS;
  /** POST endpoints without a body schema accept no body (or `{}`). */
  body?: BS;
  /** Takes an `Idempotency-Key` header. */
  idempotent?: boolean;
  success: { status: number; description: string; schema?: z.ZodType; contentType?: string };
  /** Error codes this endpoint answers with besides the ones every endpoint may give. */
  errors: readonly ErrorCode[];
  handle(
    request: EndpointRequest<z.output<PS>, z.output<QS>, z.output<BS>, A>,
  ): ResultAsync<Reply, DomainError | ApiError>;
}

/** Keeps the schema types of one endpoint for its `handle` while the list holds them all. */
export function defineEndpoint<
  PS extends z.ZodType,
  QS extends z.ZodType,
  BS extends z.ZodType,
  A extends Access,
>(endpoint: Endpoint<PS, QS, BS, A>): Endpoint<PS, QS, BS, A> {
  return endpoint;
}

export const json = (status: number, body: unknown): Reply => ({ status, body });
