import { beforeEach, describe, expect, it } from '@jest/globals';
import type { Actor } from '../domain/actor';
import type { Route } from '../domain/route';
import { isSingleLineText } from '../domain/text';
import { sampleNewRoute } from '../testing/fixtures';
import { UNCLEAN_CHARACTERS } from '../testing/hostile-text';
import { createInMemoryBooking, type InMemoryBooking } from '../testing/in-memory-booking';

const admin: Actor = { userId: 'admin-1', role: 'admin' };
const agent: Actor = { userId: 'agent-1', role: 'agent' };

describe('isSingleLineText', () => {
  it.each(UNCLEAN_CHARACTERS)('refuses %s, at the start, in the middle and at the end', (_what, bad) => {
    for (const text of [`${bad}Ada`, `Ada${bad}Lovelace`, `Ada${bad}`])
      expect(isSingleLineText(text)).toBe(false);
  });

  it.each([
    ['plain ASCII', 'Ada Lovelace'],
    ['Turkish letters', 'Şükrü Öztürk'],
    ['a whole surrogate pair (emoji)', 'Ada 🚌'],
    ['punctuation of phones', '+90 (555) 123-45.67'],
    ['U+00A0 and U+00A1, just past the C1 block', 'a\u00a0b\u00a1'],
  ])('accepts %s', (_what, text) => {
    expect(isSingleLineText(text)).toBe(true);
  });
});

/** Embedders that call the core without a transport get the same answer as REST clients. */
describe('the core refuses unclean text from any caller', () => {
  let booking: InMemoryBooking;
  let route: Route;
  const newRoute = sampleNewRoute;
  const stored = () =>
    JSON.stringify([...booking.ports.db.tickets.values(), ...booking.ports.db.routes.values()]);

  beforeEach(async () => {
    booking = createInMemoryBooking();
    route = (await booking.services.routes.create(admin, newRoute()))._unsafeUnwrap();
  });

  it.each(UNCLEAN_CHARACTERS)(
    'a passenger name or phone with %s: validation_failed, nothing stored',
    async (_what, bad) => {
      const before = stored();
      for (const passenger of [
        { passengerName: `Ada${bad}` },
        { passengerName: 'Ada', phone: `555${bad}1234` },
      ]) {
        const one = await booking.services.tickets.reserve(agent, {
          routeId: route.id,
          seatNumber: 1,
          gender: 'female',
          ...passenger,
        });
        expect(one._unsafeUnwrapErr().kind).toBe('validation_failed');
        const group = await booking.services.tickets.reserveGroup(agent, {
          routeId: route.id,
          passengers: [{ seatNumber: 2, gender: 'female', ...passenger }],
        });
        expect(group._unsafeUnwrapErr().kind).toBe('validation_failed');
      }
      expect(stored()).toBe(before);
    },
  );

  it.each(UNCLEAN_CHARACTERS)(
    'a city of a new route with %s: validation_failed, nothing stored',
    async (_what, bad) => {
      const before = stored();
      for (const overrides of [
        { fromCity: `Izmir${bad}` },
        { stations: [`Bolu${bad}`] },
        { toCity: `${bad}Sivas` },
      ]) {
        const created = await booking.services.routes.create(admin, newRoute(overrides));
        expect(created._unsafeUnwrapErr().kind).toBe('validation_failed');
      }
      expect(stored()).toBe(before);
    },
  );

  it.each(UNCLEAN_CHARACTERS)('a route search for a city with %s: validation_failed', async (_what, bad) => {
    expect((await booking.services.routes.list({ from: `Istanbul${bad}` }))._unsafeUnwrapErr().kind).toBe(
      'validation_failed',
    );
    expect((await booking.services.routes.list({ to: `Ankara${bad}` }))._unsafeUnwrapErr().kind).toBe(
      'validation_failed',
    );
  });

  it('refuses a segment priced twice: validation_failed naming it', async () => {
    const twice = await booking.services.routes.create(
      admin,
      newRoute({
        segmentPrices: [
          { fromCity: 'Bolu', toCity: 'Ankara', price: 10 },
          { fromCity: 'Bolu', toCity: 'Ankara', price: 12 },
        ],
      }),
    );
    const error = twice._unsafeUnwrapErr() as { kind: string; details: string[] };
    expect(error.kind).toBe('validation_failed');
    expect(error.details).toEqual(['segment price Bolu-Ankara repeats a segment priced before']);
  });
});
