import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Actor, Route, Ticket } from '@booking/core';
import { expectError, snapshot, startApi, tokenFor, type Harness } from './test-support/harness';

const agent: Actor = { userId: 'agent-1', role: 'agent' };
const customer: Actor = { userId: 'customer-1', role: 'customer' };
const driver: Actor = { userId: 'driver-1', role: 'driver' };

let api: Harness;
let driverToken: string;

beforeAll(async () => {
  api = await startApi();
  driverToken = await tokenFor('driver-1', 'driver');
});

afterAll(() => api.close());

let route: Route;
beforeEach(async () => {
  api.booking.clock.set('2030-05-01T08:00:00.000Z');
  route = await api.route();
});

/** The customer's ticket from `fromCity` to the last stop, paid at the counter. */
async function paidTicket(
  seatNumber: number,
  passengerName: string,
  fromCity = route.fromCity,
): Promise<Ticket> {
  const { services } = api.booking;
  const reserved = (
    await services.tickets.reserve(customer, {
      routeId: route.id,
      seatNumber,
      passengerName,
      gender: 'female',
      fromCity,
    })
  )._unsafeUnwrap();
  return (await services.tickets.confirm(agent, reserved.id))._unsafeUnwrap();
}

async function board(ticket: Ticket): Promise<void> {
  const { services } = api.booking;
  const { code } = (await services.boarding.eticket(agent, ticket.id))._unsafeUnwrap();
  (await services.boarding.board(driver, code))._unsafeUnwrap();
}

const depart = (stopIndex: unknown, token = driverToken, routeId = route.id) =>
  api.request('POST', `/routes/${routeId}/stops/${String(stopIndex)}/depart`, { token });

describe('GET /routes/:id/manifest', () => {
  it('lists paid passengers by boarding stop and seat, with boarding times, to drivers, agents and admins', async () => {
    const later = await paidTicket(1, 'Later', route.stops[1]);
    const boarded = await paidTicket(4, 'Ada');
    const absent = await paidTicket(2, 'Grace');
    api.booking.clock.set('2030-06-01T08:50:00.000Z');
    await board(boarded);

    for (const token of [driverToken, api.tokens.agent, api.tokens.admin]) {
      const answer = await api.request('GET', `/routes/${route.id}/manifest`, { token });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(answer.body).toEqual({
        routeId: route.id,
        stops: route.stops,
        passengers: [
          expect.objectContaining({
            ticketId: absent.id,
            seatNumber: 2,
            status: 'confirmed',
            boardedAt: null,
          }),
          expect.objectContaining({
            ticketId: boarded.id,
            seatNumber: 4,
            passengerName: 'Ada',
            fromCity: route.fromCity,
            toCity: route.toCity,
            status: 'confirmed',
            boardedAt: '2030-06-01T08:50:00.000Z',
          }),
          expect.objectContaining({ ticketId: later.id, seatNumber: 1, fromCity: route.stops[1] }),
        ],
      });
    }
  });

  it('refuses customers and anonymous callers, and answers 404 for an unknown route', async () => {
    expectError(
      await api.request('GET', `/routes/${route.id}/manifest`, { token: api.tokens.customer }),
      403,
      'forbidden',
    );
    expectError(await api.request('GET', `/routes/${route.id}/manifest`), 401, 'unauthorized');
    expectError(
      await api.request('GET', '/routes/00000000-0000-4000-8000-000000000000/manifest', {
        token: driverToken,
      }),
      404,
      'route_not_found',
    );
    expectError(
      await api.request('GET', '/routes/not-an-id/manifest', { token: driverToken }),
      400,
      'validation_failed',
    );
  });

  it('answers CSV on Accept: text/csv, quoting and defusing what a spreadsheet would run', async () => {
    await paidTicket(3, '=HYPERLINK("http://x","Click"), Jr');
    await paidTicket(5, 'Plain Name');
    const answer = await api.request('GET', `/routes/${route.id}/manifest`, {
      token: driverToken,
      headers: { Accept: 'text/csv' },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(answer.headers.get('vary')).toContain('Accept');
    expect(answer.text).toBe(
      [
        'seatNumber,passengerName,fromCity,toCity,status,boardedAt',
        `3,"'=HYPERLINK(""http://x"",""Click""), Jr",${route.fromCity},${route.toCity},confirmed,`,
        `5,Plain Name,${route.fromCity},${route.toCity},confirmed,`,
        '',
      ].join('\r\n'),
    );
  });
});

describe('POST /routes/:id/stops/:stopIndex/depart', () => {
  it('makes the passengers who did not board no-shows, once, and the manifest says so', async () => {
    const boarded = await paidTicket(4, 'Ada');
    const absent = await paidTicket(2, 'Grace');
    api.booking.clock.set('2030-06-01T08:50:00.000Z');
    await board(boarded);
    api.booking.clock.set('2030-06-01T09:01:00.000Z');

    const answer = await depart(0);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      routeId: route.id,
      stopIndex: 0,
      city: route.fromCity,
      departedAt: '2030-06-01T09:01:00.000Z',
      alreadyDeparted: false,
      noShows: [{ id: absent.id, status: 'no_show', seatNumber: 2 }],
    });
    expect(Object.keys((answer.body as { noShows: object[] }).noShows[0] ?? {})).not.toContain('ownerId');

    api.booking.clock.set('2030-06-01T09:05:00.000Z');
    const again = await depart(0, api.tokens.agent);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      departedAt: '2030-06-01T09:01:00.000Z',
      alreadyDeparted: true,
      noShows: [],
    });

    const manifest = await api.request('GET', `/routes/${route.id}/manifest`, { token: driverToken });
    expect((manifest.body as { passengers: { ticketId: string; status: string }[] }).passengers).toEqual([
      expect.objectContaining({ ticketId: absent.id, status: 'no_show' }),
      expect.objectContaining({ ticketId: boarded.id, status: 'confirmed' }),
    ]);
  });

  it('refuses bad input, customers and cancelled departures, changing nothing', async () => {
    await paidTicket(2, 'Grace');
    const before = snapshot(api.booking);
    for (const stopIndex of [4, 99, -1, 'x', '1.5', 1000]) {
      expectError(await depart(stopIndex), 400, 'validation_failed');
    }
    // A month before the bus leaves: a wrong route or stop, not a departure.
    expectError(await depart(0), 400, 'validation_failed');
    expectError(await depart(0, api.tokens.customer), 403, 'forbidden');
    expectError(await depart(0, driverToken, '00000000-0000-4000-8000-000000000000'), 404, 'route_not_found');
    expect(snapshot(api.booking)).toBe(before);

    (
      await api.booking.services.departures.cancel({ userId: 'admin-1', role: 'admin' }, route.id, {
        reason: 'Snow',
      })
    )._unsafeUnwrap();
    const cancelled = snapshot(api.booking);
    api.booking.clock.set('2030-06-01T09:01:00.000Z');
    expectError(await depart(0), 409, 'route_cancelled');
    expect(snapshot(api.booking)).toBe(cancelled);
  });

  it('is in the OpenAPI document with the roles that may call it', async () => {
    const document = (await api.request('GET', '/openapi.json')).body as {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    expect(document.paths['/routes/{routeId}/stops/{stopIndex}/depart']?.['post']?.operationId).toBe(
      'departStop',
    );
    expect(document.paths['/routes/{routeId}/manifest']?.['get']?.operationId).toBe('getManifest');
  });
});
