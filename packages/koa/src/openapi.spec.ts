import { describe, expect, it } from '@jest/globals';
import { createJwtAuth } from '@booking/auth';
import { createInMemoryBooking } from '@booking/core/testing';
import { createRestMiddleware } from './create-rest-api';
import { buildAsyncApiDocument, openApiPath } from '@booking/protocol';
import { startApi } from './test-support/harness';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const auth = createJwtAuth({ secret: SECRET });

describe('GET /openapi.json', () => {
  it('describes every route the router serves, and nothing else', async () => {
    const api = createRestMiddleware(createInMemoryBooking().services, { auth, idempotencySecret: SECRET });
    const served = api.router.stack.flatMap((layer) =>
      layer.methods
        .filter((m) => m !== 'HEAD')
        .map((method) => `${method} ${openApiPath(String(layer.path))}`),
    );
    const document = api.openApiDocument() as { paths: Record<string, Record<string, unknown>> };
    const described = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(served.length).toBeGreaterThanOrEqual(14);
    expect(described.sort()).toEqual(served.sort());
  });

  it('is served over HTTP as OpenAPI 3.1 with the request schemas that validate', async () => {
    const api = await startApi();
    try {
      const answer = await api.request('GET', '/openapi.json');
      expect(answer.status).toBe(200);
      const document = answer.body as {
        openapi: string;
        paths: Record<
          string,
          Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>
        >;
        components: { schemas: Record<string, unknown> };
      };
      expect(document.openapi).toBe('3.1.0');
      interface ObjectSchema {
        required: string[];
        properties: Record<string, { maximum?: number }>;
      }
      const ticketBody = document.paths['/tickets']?.post?.requestBody?.content['application/json']
        ?.schema as { anyOf: [ObjectSchema, ObjectSchema] };
      const [single, group] = ticketBody.anyOf;
      expect(single.required.sort()).toEqual(['gender', 'passengerName', 'routeId', 'seatNumber']);
      expect(single.properties.seatNumber?.maximum).toBe(100);
      expect(group.required.sort()).toEqual(['passengers', 'routeId']);
      expect(Object.keys(document.components.schemas)).toEqual(
        expect.arrayContaining(['Ticket', 'Route', 'SeatMap', 'PaymentReceipt', 'GroupBooking', 'Error']),
      );
    } finally {
      await api.close();
    }
  });

  it("documents each endpoint's error codes under their statuses", async () => {
    const api = createRestMiddleware(createInMemoryBooking().services, { auth, idempotencySecret: SECRET });
    const document = api.openApiDocument() as {
      paths: Record<string, Record<string, { responses: Record<string, { description: string }> }>>;
    };
    const responses = document.paths['/payments']?.post?.responses ?? {};
    expect(responses['402']?.description).toContain('payment_declined');
    expect(responses['409']?.description).toContain('hold_expired');
    expect(responses['409']?.description).toContain('idempotency_conflict');
    expect(responses['415']?.description).toContain('unsupported_encoding');
  });

  it('documents the money after the sale: the optional cancel body, the CSV report and their schemas', async () => {
    const api = createRestMiddleware(createInMemoryBooking().services, { auth, idempotencySecret: SECRET });
    type Documented = {
      requestBody?: { required: boolean; content: Record<string, { schema: { properties: object } }> };
      responses: Record<string, { description: string; content?: Record<string, unknown> }>;
      'x-roles'?: string[];
    };
    const document = api.openApiDocument() as {
      paths: Record<string, Record<string, Documented>>;
      components: { schemas: Record<string, unknown> };
    };
    const cancel = document.paths['/tickets/{id}/cancel']?.post;
    expect(cancel?.requestBody?.required).toBe(false);
    expect(Object.keys(cancel?.requestBody?.content['application/json']?.schema.properties ?? {})).toEqual([
      'waiveFee',
    ]);
    expect(cancel?.responses['403']?.description).toContain('forbidden');
    const report = document.paths['/reports/sales']?.get;
    expect(Object.keys(report?.responses['200']?.content ?? {})).toEqual(['application/json', 'text/csv']);
    expect(report?.['x-roles']).toEqual(['agent', 'admin']);
    expect(document.paths['/tickets/{id}/payments']?.get?.responses['404']?.description).toContain(
      'ticket_not_found',
    );
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining(['TicketPayments', 'CancelledTicket', 'Refund', 'SalesReport']),
    );
  });

  it('lists GET /asyncapi.json only when the API serves an AsyncAPI document beside it', async () => {
    const paths = (options: { asyncApiDocument?: () => object }) =>
      Object.keys(
        (
          createRestMiddleware(createInMemoryBooking().services, {
            auth,
            idempotencySecret: SECRET,
            ...options,
          }).openApiDocument() as { paths: object }
        ).paths,
      );
    expect(paths({})).not.toContain('/asyncapi.json');
    expect(paths({ asyncApiDocument: () => ({}) })).toContain('/asyncapi.json');
  });
});

describe('GET /asyncapi.json', () => {
  it('serves the AsyncAPI document it is given, and is not found without one', async () => {
    const described = await startApi({ asyncApiDocument: buildAsyncApiDocument });
    const plain = await startApi();
    try {
      const answer = await described.request('GET', '/asyncapi.json');
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual(JSON.parse(JSON.stringify(buildAsyncApiDocument())));
      expect((await plain.request('GET', '/asyncapi.json')).status).toBe(404);
    } finally {
      await described.close();
      await plain.close();
    }
  });
});
