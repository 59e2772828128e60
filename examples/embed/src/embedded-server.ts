/**
 * A complete, if tiny, booking server on plain `node:http`: the core's use cases wired by hand to
 * ports (in memory here; swap in `@booking/mikro-orm` for PostgreSQL). No framework, no container.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  createBookingServices,
  cryptoIdGenerator,
  systemClock,
  type Actor,
  type BookingServices,
  type DomainError,
  type SeatNotifier,
} from '@booking/core';
import { createInMemoryPorts } from '@booking/core/testing';
import { SandboxPaymentGateway } from '@booking/payments-sandbox';
import { STATUS_BY_KIND } from '@booking/protocol';
import type { Result } from 'neverthrow';

export interface EmbeddedServer {
  server: Server;
  services: BookingServices;
}

/** This example trusts an `x-user` header; a real server verifies a token (see @booking/auth). */
function actorOf(request: IncomingMessage): Actor {
  const role = request.headers['x-role'];
  return {
    userId: String(request.headers['x-user'] ?? 'guest'),
    role: role === 'admin' || role === 'agent' ? role : 'customer',
  };
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  let body = '';
  for await (const chunk of request) {
    body += chunk;
    if (body.length > 16_384) throw new Error('body too large');
  }
  return body ? JSON.parse(body) : {};
}

/** Answers with the status the REST API gives each error kind: the wire's table, which needs no framework. */
function reply(response: ServerResponse, result: Result<unknown, DomainError>, created = false): void {
  const [status, body] = result.isOk()
    ? [created ? 201 : 200, result.value]
    : [
        STATUS_BY_KIND[result.error.kind],
        { error: { code: result.error.kind, message: result.error.message } },
      ];
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

export function createEmbeddedServer(notifier?: SeatNotifier): EmbeddedServer {
  const ports = {
    ...createInMemoryPorts({ notifier }),
    // Your payment provider's gateway goes here; the sandbox moves no money.
    paymentGateway: new SandboxPaymentGateway(),
    clock: systemClock,
    ids: cryptoIdGenerator,
  };
  const services = createBookingServices(ports, { holdSeconds: 600, currency: 'EUR' });

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const actor = actorOf(request);
    try {
      const seats = /^\/routes\/([^/]+)\/seats$/.exec(url.pathname);
      if (request.method === 'POST' && url.pathname === '/routes') {
        // The core checks every invariant itself; a real server validates shapes first (see @booking/koa).
        const input = (await readJson(request)) as Parameters<BookingServices['routes']['create']>[1];
        return reply(response, await services.routes.create(actor, input), true);
      }
      if (request.method === 'GET' && seats?.[1]) {
        return reply(
          response,
          await services.routes.seatMap(seats[1], url.searchParams.get('fromCity') ?? undefined),
        );
      }
      if (request.method === 'POST' && url.pathname === '/tickets') {
        const command = (await readJson(request)) as Parameters<BookingServices['tickets']['reserve']>[1];
        return reply(response, await services.tickets.reserve(actor, command), true);
      }
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"not_found"}}');
    } catch {
      response
        .writeHead(400, { 'content-type': 'application/json' })
        .end('{"error":{"code":"validation_failed"}}');
    }
  });
  return { server, services };
}
