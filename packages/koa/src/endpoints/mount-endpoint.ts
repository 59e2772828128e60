import { errors, type Actor, type Logger } from '@booking/core';
import type Router from '@koa/router';
import type { Context } from 'koa';
import { err, ok, type Result } from 'neverthrow';
import { z } from 'zod';
import { fromDomainError, isApiError, validationFailed, type ApiError, type Issue } from '../http/api-error';
import { idempotencyInput, type Fingerprint } from '../http/idempotency-key';
import { badlyEncodedQuery } from '../http/query-encoding';
import { jsonBodyReader } from '../http/read-json-body';
import type { RestMetrics } from '../http/metrics';
import { requestAuth, type RequestAuth } from '../http/request-auth';
import { writeError } from '../http/write-error';
import { takesBody, type Access } from '@booking/protocol';
import type { Endpoint, Reply } from './endpoint';

export interface MountDeps {
  readBody: (ctx: Context) => Promise<Result<unknown, ApiError>>;
  metrics: RestMetrics;
  logger: Logger;
  /** Keyed: what the idempotency store keeps must not reveal the body (card data, names). */
  fingerprint: Fingerprint;
}

const noInput = z.strictObject({});

/** Mounts one endpoint: authorise, validate path, query, body and headers, run, answer. */
export function mountEndpoint(router: Router, endpoint: Endpoint, mountDeps: MountDeps): void {
  // An operation that takes larger bodies (an offline scanner's batch) reads them with its own limit.
  const deps = endpoint.maxBodyBytes
    ? { ...mountDeps, readBody: jsonBodyReader(endpoint.maxBodyBytes) }
    : mountDeps;
  const handler = async (ctx: Context) => {
    const outcome = await run(ctx, endpoint, deps);
    if (outcome.isErr()) {
      writeError(ctx, outcome.error, deps.metrics);
      return;
    }
    ctx.status = outcome.value.status;
    if (outcome.value.contentType) ctx.type = outcome.value.contentType;
    for (const [name, value] of Object.entries(outcome.value.headers ?? {})) ctx.set(name, value);
    ctx.body = outcome.value.body;
  };
  if (endpoint.method === 'GET') router.get(endpoint.operationId, endpoint.path, handler);
  else if (endpoint.method === 'DELETE') router.delete(endpoint.operationId, endpoint.path, handler);
  else if (endpoint.method === 'PATCH') router.patch(endpoint.operationId, endpoint.path, handler);
  else router.post(endpoint.operationId, endpoint.path, handler);
}

async function run(ctx: Context, endpoint: Endpoint, deps: MountDeps): Promise<Result<Reply, ApiError>> {
  const actor = authorize(requestAuth(ctx), endpoint.access);
  if (actor.isErr()) return err(actor.error);
  const params = validate(endpoint.params ?? noInput, ctx.params, 'path');
  if (params.isErr()) return err(params.error);
  const misencoded = badlyEncodedQuery(ctx.querystring);
  if (misencoded.length > 0) return err(validationFailed(PLACE_MESSAGES.query, misencoded));
  const query = validate(endpoint.query ?? noInput, ctx.query, 'query');
  if (query.isErr()) return err(query.error);

  let body: unknown = undefined;
  if (takesBody(endpoint)) {
    const raw = await deps.readBody(ctx);
    if (raw.isErr()) return err(raw.error);
    // Without a body schema the endpoint takes nothing: no body, or an empty object; an optional
    // body left out reads as `{}` too. (A JSON `null` is a body, and not an object: only a missing
    // body counts as none.)
    const input = raw.value === undefined && (!endpoint.body || endpoint.bodyOptional) ? {} : raw.value;
    const parsed = validate(endpoint.body ?? noInput, input, 'body');
    if (parsed.isErr()) return err(parsed.error);
    body = parsed.value;
  }
  const idempotency = endpoint.idempotent
    ? idempotencyInput(
        'idempotency-key' in ctx.headers ? ctx.get('Idempotency-Key') : undefined,
        body,
        deps.fingerprint,
      )
    : ok(undefined);
  if (idempotency.isErr()) return err(idempotency.error);

  const answer = await endpoint.handle({
    actor: actor.value,
    params: params.value,
    query: query.value,
    body,
    idempotency: idempotency.value,
    authorization: ctx.get('Authorization') || undefined,
    accepts: (...types) => ctx.accepts(...types) as string | false,
  });
  return answer.mapErr((error) => {
    if (isApiError(error)) return error;
    const answerError = fromDomainError(error);
    if (answerError.status >= 500) {
      // The cause stays in the logs; clients get the code and a message.
      deps.logger.warn(
        { code: error.kind, cause: 'cause' in error ? String(error.cause) : undefined, path: ctx.path },
        'request failed on an unavailable dependency',
      );
    }
    return answerError;
  });
}

function authorize(auth: RequestAuth, access: Access): Result<Actor | undefined, ApiError> {
  if (access === 'public') return ok(auth.actor);
  if (!auth.actor) {
    return err({
      status: 401,
      code: 'unauthorized',
      message: auth.failure ?? 'This needs a token: Authorization: Bearer <token>.',
    });
  }
  // A driver boards passengers and reads manifests, nothing else: 'signed_in' means the other roles.
  if (access === 'signed_in' && auth.actor.role === 'driver') {
    return err(fromDomainError(errors.forbidden('A driver may only board passengers and read manifests.')));
  }
  if (access !== 'signed_in' && !access.includes(auth.actor.role)) {
    return err(fromDomainError(errors.forbidden(`This needs the role ${access.join(' or ')}.`)));
  }
  return ok(auth.actor);
}

const PLACE_MESSAGES = {
  path: 'The path parameters are not valid.',
  query: 'The query is not valid.',
  header: 'A header is not valid.',
  body: 'The body is not valid.',
} as const;

function validate<S extends z.ZodType>(
  schema: S,
  input: unknown,
  place: NonNullable<Issue['in']>,
): Result<z.output<S>, ApiError> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  const issues: Issue[] = closestIssues(parsed.error.issues).map((issue) => ({
    in: place,
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  return err(validationFailed(PLACE_MESSAGES[place], issues));
}

type ZodIssue = z.core.$ZodIssue;

/**
 * A body that fits no shape of a union (e.g. one seat, or a group with `passengers`) is explained
 * by the shape it came closest to (fewest issues; the first on a tie), not by "Invalid input".
 */
function closestIssues(issues: readonly ZodIssue[], prefix: PropertyKey[] = []): ZodIssue[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [{ ...issue, path }];
    const closest = issue.errors.reduce((best, branch) => (branch.length < best.length ? branch : best));
    return closestIssues(closest, path);
  });
}
