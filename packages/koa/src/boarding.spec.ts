import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createETicketSigner, generateETicketPrivateKey } from '@booking/auth';
import type { Actor, Route, Ticket, TicketSigner } from '@booking/core';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { expectError, startApi, tokenFor, type Harness } from './test-support/harness';

const agent: Actor = { userId: 'agent-1', role: 'agent' };
const customer: Actor = { userId: 'customer-1', role: 'customer' };
const ON_THE_DAY = '2030-06-01T08:45:00.000Z';

let api: Harness;
let signer: TicketSigner;
let oldKey: string;
let driverToken: string;

beforeAll(async () => {
  oldKey = await generateETicketPrivateKey();
  const oldPublic = (await createETicketSigner({ privateKey: oldKey })).jwks().keys;
  signer = await createETicketSigner({
    privateKey: await generateETicketPrivateKey(),
    publicKeys: JSON.stringify({ keys: oldPublic }),
  });
  api = await startApi();
  // The real Ed25519 signer instead of the in-memory stand-in: the services read the port on each call.
  api.booking.ports.ticketSigner = signer;
  driverToken = await tokenFor('driver-1', 'driver');
});

afterAll(() => api.close());

let route: Route;
beforeEach(async () => {
  api.booking.clock.set('2030-05-01T08:00:00.000Z');
  route = await api.route();
});

/** The customer's ticket, paid at the counter (confirmed by an agent) unless told otherwise. */
async function ticketOf(seatNumber = 1, confirm = true, passengerName = 'Ada Lovelace'): Promise<Ticket> {
  const { services } = api.booking;
  const reserved = (
    await services.tickets.reserve(customer, {
      routeId: route.id,
      seatNumber,
      passengerName,
      gender: 'female',
    })
  )._unsafeUnwrap();
  return confirm ? (await services.tickets.confirm(agent, reserved.id))._unsafeUnwrap() : reserved;
}

async function codeOf(ticket: Ticket): Promise<string> {
  const answer = await api.request('GET', `/tickets/${ticket.id}/eticket`, { token: api.tokens.customer });
  expect(answer.status).toBe(200);
  return (answer.body as { code: string }).code;
}

const board = (code: unknown, token = driverToken) =>
  api.request('POST', '/boarding', { token, body: { code } });

describe('GET /tickets/:id/eticket', () => {
  it("answers a confirmed ticket's signed code and its QR code to its owner and staff", async () => {
    const ticket = await ticketOf();
    const answer = await api.request('GET', `/tickets/${ticket.id}/eticket`, { token: api.tokens.customer });
    expect(answer.status).toBe(200);
    const { code, qrSvg } = answer.body as { code: string; qrSvg: string };
    expect(qrSvg).toMatch(/^<svg[^>]*>/);
    expect(decodeProtectedHeader(code)).toEqual({
      alg: 'EdDSA',
      kid: signer.jwks().keys[0]?.kid,
      typ: 'eticket+jwt',
    });
    expect((await signer.verify(code))._unsafeUnwrap()).toEqual({
      ticketId: ticket.id,
      pnr: ticket.pnrNumber,
      routeId: route.id,
      seatNumber: 1,
      fromStopIndex: 0,
      toStopIndex: 4,
      fromCity: route.fromCity,
      toCity: route.toCity,
      passengerName: 'Ada Lovelace',
      departureAt: route.departureAt,
    });
    for (const token of [api.tokens.agent, api.tokens.admin]) {
      expect((await api.request('GET', `/tickets/${ticket.id}/eticket`, { token })).status).toBe(200);
    }
  });

  it("is 404 for another customer's ticket, 403 for a driver, 409 not_boardable unless confirmed", async () => {
    const ticket = await ticketOf();
    const unpaid = await ticketOf(2, false);
    expectError(
      await api.request('GET', `/tickets/${ticket.id}/eticket`, { token: api.tokens.otherCustomer }),
      404,
      'ticket_not_found',
    );
    expectError(
      await api.request('GET', `/tickets/${ticket.id}/eticket`, { token: driverToken }),
      403,
      'forbidden',
    );
    expectError(
      await api.request('GET', `/tickets/${unpaid.id}/eticket`, { token: api.tokens.customer }),
      409,
      'not_boardable',
    );
    expectError(await api.request('GET', `/tickets/${ticket.id}/eticket`), 401, 'unauthorized');
    expectError(
      await api.request('GET', `/tickets/nope/eticket`, { token: api.tokens.customer }),
      400,
      'validation_failed',
    );
  });

  it('gives a printable page with every text escaped when asked for HTML', async () => {
    const ticket = await ticketOf(3, true, 'Ada <b>"Lovelace"</b> & Co');
    const answer = await api.request('GET', `/tickets/${ticket.id}/eticket`, {
      token: api.tokens.customer,
      headers: { Accept: 'text/html' },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(answer.text).toContain('Ada &#60;b&#62;&#34;Lovelace&#34;&#60;/b&#62; &#38; Co');
    expect(answer.text).not.toContain('<b>');
    expect(answer.text).toContain(ticket.pnrNumber);
    expect(answer.text).toMatch(/<svg[^>]*>/);
    expect(answer.text).toContain('@media print');
  });
});

describe('GET /.well-known/jwks.json', () => {
  it('lets a third-party scanner check a code with the key set alone', async () => {
    const ticket = await ticketOf();
    const code = await codeOf(ticket);
    const answer = await api.request('GET', '/.well-known/jwks.json');
    expect(answer.status).toBe(200);
    const jwks = answer.body as JSONWebKeySet;
    expect(jwks.keys).toHaveLength(2);
    for (const key of jwks.keys) {
      expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
      expect(typeof key.kid).toBe('string');
      expect(key).not.toHaveProperty('d');
    }
    const { payload, protectedHeader } = await jwtVerify(code, createLocalJWKSet(jwks), {
      algorithms: ['EdDSA'],
    });
    expect(protectedHeader.kid).toBe(jwks.keys[0]?.kid);
    expect(payload).toMatchObject({ sub: ticket.id, pnr: ticket.pnrNumber, seatNumber: 1 });
  });
});

describe('POST /boarding', () => {
  it('boards a passenger once; a second scan is 409 already_boarded with the first time', async () => {
    const ticket = await ticketOf();
    const code = await codeOf(ticket);
    api.booking.clock.set(ON_THE_DAY);
    const first = await board(code);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      ticket: { id: ticket.id, status: 'confirmed' },
      boardedAt: ON_THE_DAY,
    });
    api.booking.clock.advanceSeconds(30);
    const second = await board(code, api.tokens.agent);
    expectError(second, 409, 'already_boarded');
    expect((second.body as { error: { details: unknown } }).error.details).toMatchObject({
      ticketId: ticket.id,
      boardedAt: ON_THE_DAY,
    });
  });

  it('accepts codes of an older key still listed (rotation)', async () => {
    const ticket = await ticketOf();
    const old = await createETicketSigner({ privateKey: oldKey });
    const claims = (await signer.verify(await codeOf(ticket)))._unsafeUnwrap();
    api.booking.clock.set(ON_THE_DAY);
    expect((await board(await old.sign(claims))).status).toBe(200);
  });

  it('is 400 invalid_code for a wrong signature, an unknown key or a malformed code, boarding nobody', async () => {
    const ticket = await ticketOf();
    const code = await codeOf(ticket);
    const claims = (await signer.verify(code))._unsafeUnwrap();
    const stranger = await createETicketSigner({ privateKey: await generateETicketPrivateKey() });
    const [header, payload, signature] = code.split('.') as [string, string, string];
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BA' : 'AA'}`;
    const otherPayload = Buffer.from(JSON.stringify({ ...decodeJson(payload), seatNumber: 2 })).toString(
      'base64url',
    );
    api.booking.clock.set(ON_THE_DAY);
    for (const bad of [
      `${header}.${payload}.${flipped}`,
      `${header}.${otherPayload}.${signature}`,
      await stranger.sign(claims),
      'not-a-code',
      `${header}.${payload}`,
    ]) {
      expectError(await board(bad), 400, 'invalid_code');
    }
    expectError(await board(''), 400, 'validation_failed');
    expectError(await board(42), 400, 'validation_failed');
    expect(api.booking.ports.db.boardings.has(ticket.id)).toBe(false);
  });

  it("is 409 not_boardable for a cancelled ticket's or an exchanged ticket's old code, or on another day", async () => {
    const cancelled = await ticketOf(1);
    const cancelledCode = await codeOf(cancelled);
    (await api.booking.services.tickets.cancel(agent, cancelled.id))._unsafeUnwrap();
    const exchanged = await ticketOf(2);
    const exchangedCode = await codeOf(exchanged);
    const later = await api.route({ departureAt: '2030-06-02T09:00:00.000Z' });
    const exchange = await api.booking.services.ticketChanges.exchange(agent, exchanged.id, {
      routeId: later.id,
      seatNumber: 2,
      fromCity: later.fromCity,
      toCity: later.toCity,
    });
    expect(exchange.isOk()).toBe(true);
    const early = await codeOf(await ticketOf(3));
    api.booking.clock.set('2030-05-31T20:00:00.000Z');
    expectError(await board(early), 409, 'not_boardable');
    api.booking.clock.set(ON_THE_DAY);
    expectError(await board(cancelledCode), 409, 'not_boardable');
    expectError(await board(exchangedCode), 409, 'not_boardable');
    for (const id of [cancelled.id, exchanged.id]) expect(api.booking.ports.db.boardings.has(id)).toBe(false);
  });

  it('is for drivers, agents and admins only', async () => {
    const code = await codeOf(await ticketOf());
    api.booking.clock.set(ON_THE_DAY);
    expectError(await board(code, api.tokens.customer), 403, 'forbidden');
    expectError(await api.request('POST', '/boarding', { body: { code } }), 401, 'unauthorized');
  });
});

describe('POST /boarding/batch', () => {
  it('answers one result per scan in order; the earliest scan of a ticket wins', async () => {
    const first = await ticketOf(1);
    const second = await ticketOf(2);
    const unpaid = await ticketOf(3, false);
    const [firstCode, secondCode] = [await codeOf(first), await codeOf(second)];
    const unpaidClaims = {
      ...(await signer.verify(firstCode))._unsafeUnwrap(),
      ticketId: unpaid.id,
      seatNumber: 3,
    };
    const unpaidCode = await signer.sign(unpaidClaims);
    api.booking.clock.set('2030-06-01T08:50:00.000Z');
    expect((await board(secondCode)).status).toBe(200);
    api.booking.clock.set('2030-06-01T09:05:00.000Z');
    const answer = await api.request('POST', '/boarding/batch', {
      token: driverToken,
      body: {
        scans: [
          { code: firstCode, scannedAt: '2030-06-01T08:47:00.000Z' },
          { code: secondCode, scannedAt: '2030-06-01T08:40:00.000Z' },
          { code: firstCode, scannedAt: '2030-06-01T08:44:00+00:00' },
          { code: 'garbage', scannedAt: '2030-06-01T08:41:00.000Z' },
          { code: unpaidCode, scannedAt: '2030-06-01T08:42:00.000Z' },
        ],
      },
    });
    expect(answer.status).toBe(200);
    const { results } = answer.body as {
      results: { status: string; ticketId?: string; boardedAt?: string }[];
    };
    expect(results.map((result) => result.status)).toEqual([
      'already_boarded',
      'ok',
      'ok',
      'invalid_code',
      'not_boardable',
    ]);
    expect(results[0]).toMatchObject({ ticketId: first.id, boardedAt: '2030-06-01T08:44:00.000Z' });
    expect(results[1]).toMatchObject({ ticketId: second.id, boardedAt: '2030-06-01T08:40:00.000Z' });
    expect(api.booking.ports.db.boardings.get(second.id)?.boardedAt).toBe('2030-06-01T08:40:00.000Z');
  });

  it('refuses a bad batch as a whole: empty, too large, a scan from the future, a customer', async () => {
    const ticket = await ticketOf();
    const code = await codeOf(ticket);
    api.booking.clock.set(ON_THE_DAY);
    const scan = { code, scannedAt: '2030-06-01T08:40:00.000Z' };
    for (const scans of [
      [],
      new Array(501).fill(scan),
      [{ ...scan, scannedAt: '2030-06-01T10:00:00.000Z' }],
      [{ code }],
    ]) {
      expectError(
        await api.request('POST', '/boarding/batch', { token: driverToken, body: { scans } }),
        400,
        'validation_failed',
      );
    }
    expectError(
      await api.request('POST', '/boarding/batch', { token: api.tokens.customer, body: { scans: [scan] } }),
      403,
      'forbidden',
    );
    expect(api.booking.ports.db.boardings.has(ticket.id)).toBe(false);
  });
});

describe('the driver role', () => {
  it('may do nothing but board (and read what is public)', async () => {
    const ticket = await ticketOf();
    const calls: [string, string, unknown?][] = [
      ['GET', '/tickets'],
      ['GET', `/tickets/${ticket.id}`],
      ['POST', '/tickets', { routeId: route.id, seatNumber: 5, passengerName: 'Dee', gender: 'male' }],
      ['POST', `/tickets/${ticket.id}/cancel`, {}],
      [
        'POST',
        '/routes',
        { fromCity: 'X', toCity: 'Y', departureAt: '2030-07-01T09:00:00Z', seatCount: 4, price: 1 },
      ],
      ['GET', `/tickets/${ticket.id}/history`],
      ['GET', '/stats'],
    ];
    for (const [method, path, body] of calls) {
      const answer = await api.request(method, path, { token: driverToken, ...(body ? { body } : {}) });
      expect({ path, status: answer.status }).toEqual({ path, status: 403 });
    }
    expect((await api.request('GET', `/routes/${route.id}`, { token: driverToken })).status).toBe(200);
  });
});

function decodeJson(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}
