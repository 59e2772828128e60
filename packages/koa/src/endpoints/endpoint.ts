import type { Actor, DomainError, IdempotencyInput } from '@booking/core';
import type { Access, Operation } from '@booking/protocol';
import type { ResultAsync } from 'neverthrow';
import type { z } from 'zod';
import type { ApiError } from '../http/api-error';

export interface Reply {
  status: number;
  body: unknown;
  /** Default: JSON. */
  contentType?: string;
  headers?: Record<string, string>;
}

export interface EndpointRequest<P, Q, B, A extends Access> {
  actor: A extends 'public' ? Actor | undefined : Actor;
  params: P;
  query: Q;
  body: B;
  idempotency: IdempotencyInput | undefined;
  /** The `Authorization` header as sent (for endpoints with their own credentials, e.g. metrics). */
  authorization: string | undefined;
  /** The media type of `types` the request's `Accept` header prefers (the first when it has none), or false. */
  accepts(...types: string[]): string | false;
}

/** One REST operation of the protocol with the handler that serves it: the router mounts it. */
export interface Endpoint<
  PS extends z.ZodType = z.ZodType,
  QS extends z.ZodType = z.ZodType,
  BS extends z.ZodType = z.ZodType,
  A extends Access = Access,
> extends Operation<PS, QS, BS, A> {
  handle(
    request: EndpointRequest<z.output<PS>, z.output<QS>, z.output<BS>, A>,
  ): ResultAsync<Reply, DomainError | ApiError>;
}

/** Serves one operation of the protocol: its schema types reach the handler. */
export function defineEndpoint<
  PS extends z.ZodType,
  QS extends z.ZodType,
  BS extends z.ZodType,
  A extends Access,
>(operation: Operation<PS, QS, BS, A>, handle: Endpoint<PS, QS, BS, A>['handle']): Endpoint<PS, QS, BS, A> {
  return { ...operation, handle };
}

export const json = (status: number, body: unknown): Reply => ({ status, body });
