import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { segmentsOverlap, type Segment } from './route';
import { chooseSeats, type OccupiedStretch, type SeatChoiceRequest } from './seat-choice';
import {
  columnsBeforeAisle,
  rowPartners,
  SEAT_LAYOUTS,
  seatPosition,
  seatsPerRow,
  type BusShape,
} from './seat-layout';

// Two rows of a 2+2 bus: seats 1 2 | 3 4 and 5 6 | 7 8. Four stops, so three legs (0, 1, 2).
const bus: BusShape = { seatCount: 8, layout: '2+2' };
const whole: Segment = { fromStopIndex: 0, toStopIndex: 3 };
const hop = (leg: number): Segment => ({ fromStopIndex: leg, toStopIndex: leg + 1 });
const taken = (seatNumber: number, fromStopIndex: number, toStopIndex: number): OccupiedStretch => ({
  seatNumber,
  fromStopIndex,
  toStopIndex,
});
/** Every seat of the bus except these, taken for the whole route. */
const allBut = (...free: number[]) =>
  Array.from({ length: bus.seatCount }, (_, i) => i + 1)
    .filter((seat) => !free.includes(seat))
    .map((seat) => taken(seat, 0, 3));

const request = (overrides: Partial<SeatChoiceRequest>): SeatChoiceRequest => ({
  bus,
  stopCount: 4,
  segment: whole,
  quantity: 1,
  occupied: [],
  ...overrides,
});
const choose = (overrides: Partial<SeatChoiceRequest>) => chooseSeats(request(overrides))._unsafeUnwrap();

describe('chooseSeats: which seats can take the passenger', () => {
  it('gives the lowest seats of an empty bus, in ascending order', () => {
    expect(choose({})).toEqual([1]);
    expect(choose({ quantity: 3 })).toEqual([1, 2, 3]);
  });

  it('skips a seat taken on any overlapping part of the segment, but not one taken only before or after it', () => {
    const occupied = [taken(1, 1, 2), taken(2, 0, 1), taken(3, 2, 3)];
    expect(choose({ occupied })).toEqual([4]);
    // Seat 2 comes free at stop 1 and seat 3 is taken from stop 2: both fit the hop from 1 to 2.
    expect(choose({ occupied, segment: hop(1), quantity: 2 })).toEqual([2, 3]);
  });

  it('skips seats the caller blocked and, when asked, seats on the other deck', () => {
    expect(choose({ blocked: new Set([1, 2]) })).toEqual([3]);
    const doubleDecker: BusShape = { seatCount: 8, layout: '2+2', decks: 2 };
    expect(choose({ bus: doubleDecker, preferences: { deck: 2 } })).toEqual([5]);
    expect(choose({ bus: doubleDecker, preferences: { deck: 1 }, quantity: 4 })).toEqual([1, 2, 3, 4]);
  });

  it('refuses with not_enough_seats, naming how many were asked for and how many are free', () => {
    expect(chooseSeats(request({ occupied: allBut(7, 8), quantity: 3 }))._unsafeUnwrapErr()).toEqual({
      kind: 'not_enough_seats',
      message: 'Asked for 3 seats, but only 2 are free on this segment.',
      requested: 3,
      available: 2,
    });
    const oneLeft = chooseSeats(request({ occupied: allBut(8), quantity: 2 }));
    expect(oneLeft._unsafeUnwrapErr().message).toBe('Asked for 2 seats, but only 1 is free on this segment.');
    const none = chooseSeats(request({ occupied: allBut(8), blocked: new Set([8]) }));
    expect(none._unsafeUnwrapErr()).toMatchObject({
      available: 0,
      message: expect.stringMatching(/none is free/),
    });
  });

  it('treats a request it cannot read as the caller’s bug', () => {
    expect(() => chooseSeats(request({ quantity: 0 }))).toThrow(RangeError);
    expect(() => chooseSeats(request({ segment: { fromStopIndex: 2, toStopIndex: 2 } }))).toThrow(RangeError);
    expect(() => chooseSeats(request({ segment: { fromStopIndex: 0, toStopIndex: 4 } }))).toThrow(RangeError);
  });
});

describe('chooseSeats: which free seat comes first', () => {
  it('takes the seat whose free stretch fits the segment tightest, so long stretches stay whole', () => {
    // Seat 1 is free all the way, seat 2 only from stop 1 to 2, seat 3 from stop 1 to the end.
    const occupied = [taken(2, 0, 1), taken(2, 2, 3), taken(3, 0, 1), ...allBut(1, 2, 3)];
    expect(choose({ occupied, segment: hop(1) })).toEqual([2]);
    expect(choose({ occupied, segment: hop(1), quantity: 2 })).toEqual([2, 3]);
    expect(choose({ occupied, segment: hop(2) })).toEqual([3]);
    expect(choose({ occupied, segment: hop(0) })).toEqual([1]);
  });

  it('puts seats on the asked position first, before the fit, and still sells another seat when none is free', () => {
    expect(choose({ preferences: { position: 'window' }, quantity: 4 })).toEqual([1, 4, 5, 8]);
    expect(choose({ preferences: { position: 'aisle' }, quantity: 4 })).toEqual([2, 3, 6, 7]);
    // Seat 2 fits the hop exactly; seat 1, a window seat, is free all the way and still wins.
    const occupied = [taken(2, 0, 1), taken(2, 2, 3), ...allBut(1, 2)];
    expect(choose({ occupied, segment: hop(1), preferences: { position: 'window' } })).toEqual([1]);
    expect(choose({ occupied: allBut(2, 3), preferences: { position: 'window' } })).toEqual([2]);
  });

  it('finds the window and the aisle on three-seat rows: a seat alone on its side is both', () => {
    const twoOne: BusShape = { seatCount: 6, layout: '2+1' };
    expect(choose({ bus: twoOne, preferences: { position: 'window' }, quantity: 4 })).toEqual([1, 3, 4, 6]);
    expect(choose({ bus: twoOne, preferences: { position: 'aisle' }, quantity: 4 })).toEqual([2, 3, 5, 6]);
    const oneTwo: BusShape = { seatCount: 6, layout: '1+2' };
    expect(choose({ bus: oneTwo, preferences: { position: 'window' }, quantity: 4 })).toEqual([1, 3, 4, 6]);
    expect(choose({ bus: oneTwo, preferences: { position: 'aisle' }, quantity: 4 })).toEqual([1, 2, 4, 5]);
  });
});

describe('chooseSeats: together', () => {
  const together = { together: true };

  it('seats a pair side by side on one side of the aisle before across it', () => {
    const occupied = [taken(1, 0, 3)];
    expect(choose({ occupied, quantity: 2 })).toEqual([2, 3]);
    expect(choose({ occupied, quantity: 2, preferences: together })).toEqual([3, 4]);
    expect(choose({ occupied: allBut(2, 3, 5, 8), quantity: 2, preferences: together })).toEqual([2, 3]);
  });

  it('takes consecutive rows, with a seat in each, when no row has room', () => {
    // Row 1 has seats 1 and 4 free, row 2 seats 6 and 8: no two side by side.
    const occupied = allBut(1, 4, 6, 8);
    expect(choose({ occupied, quantity: 2 })).toEqual([1, 4]);
    expect(choose({ occupied, quantity: 2, preferences: together })).toEqual([1, 6]);
  });

  it('holds the best seats apart rather than refusing when no set sits together', () => {
    const longBus: BusShape = { seatCount: 12, layout: '2+2' };
    const occupied = [2, 3, 4, 5, 6, 7, 8, 10, 11, 12].map((seat) => taken(seat, 0, 3));
    expect(choose({ bus: longBus, occupied, quantity: 2, preferences: together })).toEqual([1, 9]);
  });

  it('prefers the pair with the tightest total fit, then the lowest seats', () => {
    // Seats 5 and 6 are free only from stop 1 to 2; seats 1-4 all the way.
    const occupied = [5, 6].flatMap((seat) => [taken(seat, 0, 1), taken(seat, 2, 3)]);
    expect(choose({ occupied, segment: hop(1), quantity: 2, preferences: together })).toEqual([5, 6]);
    expect(choose({ occupied, segment: hop(0), quantity: 2, preferences: together })).toEqual([1, 2]);
  });

  it('seats a large group in as few consecutive rows as it needs, never across decks', () => {
    expect(choose({ quantity: 6, preferences: together })).toEqual([1, 2, 3, 4, 5, 6]);
    // Lower deck: seats 1-8 in rows 1-2; upper deck: 9-16 in rows 1-2. Free: 8 (lower row 2), 9 and 13.
    const doubleDecker: BusShape = { seatCount: 16, layout: '2+2', decks: 2 };
    const free = [8, 9, 13];
    const occupied = Array.from({ length: 16 }, (_, i) => i + 1)
      .filter((seat) => !free.includes(seat))
      .map((seat) => taken(seat, 0, 3));
    expect(choose({ bus: doubleDecker, occupied, quantity: 2 })).toEqual([8, 9]);
    expect(choose({ bus: doubleDecker, occupied, quantity: 2, preferences: together })).toEqual([9, 13]);
  });
});

// ---- properties, checked against a plain reading of the rules ----

const stretchOn = (stopCount: number) =>
  fc
    .uniqueArray(fc.integer({ min: 0, max: stopCount - 1 }), { minLength: 2, maxLength: 2 })
    .map(([a, b]) => ({
      fromStopIndex: Math.min(a as number, b as number),
      toStopIndex: Math.max(a as number, b as number),
    }));

const requests = fc
  .record({
    layout: fc.constantFrom(...SEAT_LAYOUTS),
    decks: fc.constantFrom(1 as const, 2 as const),
    seatCount: fc.integer({ min: 2, max: 24 }),
    stopCount: fc.integer({ min: 2, max: 6 }),
  })
  .chain(({ layout, decks, seatCount, stopCount }) =>
    fc.record({
      bus: fc.constant<BusShape>({ seatCount, layout, decks }),
      stopCount: fc.constant(stopCount),
      segment: stretchOn(stopCount),
      quantity: fc.integer({ min: 1, max: 5 }),
      preferences: fc.record(
        {
          together: fc.boolean(),
          position: fc.constantFrom('window' as const, 'aisle' as const),
          deck: fc.constantFrom(1, 2),
        },
        { requiredKeys: [] },
      ),
      occupied: fc.array(
        fc
          .tuple(fc.integer({ min: 1, max: seatCount }), stretchOn(stopCount))
          .map(([seat, s]) => ({ seatNumber: seat, ...s })),
        { maxLength: seatCount * 2 },
      ),
      blocked: fc
        .uniqueArray(fc.integer({ min: 1, max: seatCount }), { maxLength: 4 })
        .map((s) => new Set(s)),
    }),
  );

const legFree = (r: SeatChoiceRequest, seat: number, leg: number) =>
  !r.occupied.some((o) => o.seatNumber === seat && segmentsOverlap(o, hop(leg)));

/** Seats free on every leg of the segment, not blocked, on the asked deck. */
function eligible(r: SeatChoiceRequest): number[] {
  const { fromStopIndex, toStopIndex } = r.segment;
  return Array.from({ length: r.bus.seatCount }, (_, i) => i + 1).filter(
    (seat) =>
      !r.blocked?.has(seat) &&
      (r.preferences?.deck === undefined || seatPosition(r.bus, seat).deck === r.preferences.deck) &&
      Array.from({ length: toStopIndex - fromStopIndex }, (_, i) => fromStopIndex + i).every((leg) =>
        legFree(r, seat, leg),
      ),
  );
}

/** Free legs next to the segment, walking out from each end until a taken leg or the route's end. */
function spare(r: SeatChoiceRequest, seat: number): number {
  let count = 0;
  for (let leg = r.segment.fromStopIndex - 1; leg >= 0 && legFree(r, seat, leg); leg--) count++;
  for (let leg = r.segment.toStopIndex; leg < r.stopCount - 1 && legFree(r, seat, leg); leg++) count++;
  return count;
}

function onPosition(r: SeatChoiceRequest, seat: number): boolean {
  const { column } = seatPosition(r.bus, seat);
  const aisle = columnsBeforeAisle(r.bus.layout);
  if (r.preferences?.position === 'window') return column === 1 || column === seatsPerRow(r.bus.layout);
  if (r.preferences?.position === 'aisle') return column === aisle || column === aisle + 1;
  return true;
}

/** The ranking key, compared left to right: lower is better. */
const rankKey = (r: SeatChoiceRequest, seat: number) => [onPosition(r, seat) ? 0 : 1, spare(r, seat), seat];
const better = (a: number[], b: number[]) => {
  const i = a.findIndex((value, k) => value !== b[k]);
  return i >= 0 && (a[i] as number) < (b[i] as number);
};

describe('chooseSeats properties', () => {
  it('sells only free, unblocked seats on the asked deck, exactly as many as asked, or says how many are free', () => {
    fc.assert(
      fc.property(requests, (r) => {
        const free = eligible(r);
        const result = chooseSeats(r);
        if (free.length < r.quantity) {
          expect(result._unsafeUnwrapErr()).toMatchObject({ requested: r.quantity, available: free.length });
          return;
        }
        const seats = result._unsafeUnwrap();
        expect(seats).toHaveLength(r.quantity);
        expect([...seats].sort((a, b) => a - b)).toEqual(seats);
        expect(new Set(seats).size).toBe(seats.length);
        for (const seat of seats) expect(free).toContain(seat);
      }),
      { numRuns: 500 },
    );
  });

  it('without together, no seat left out ranks above a seat chosen (position, then fit, then number)', () => {
    fc.assert(
      fc.property(requests, (r) => {
        const result = chooseSeats({ ...r, preferences: { ...r.preferences, together: false } });
        if (result.isErr()) return;
        const chosen = result.value;
        for (const other of eligible(r).filter((seat) => !chosen.includes(seat))) {
          for (const seat of chosen) expect(better(rankKey(r, other), rankKey(r, seat))).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('with together, refuses exactly when apart would, and seats a pair side by side whenever two free seats are', () => {
    fc.assert(
      fc.property(requests, (r) => {
        const apart = chooseSeats({ ...r, preferences: { ...r.preferences, together: false } });
        const grouped = chooseSeats({ ...r, preferences: { ...r.preferences, together: true } });
        expect(grouped.isOk()).toBe(apart.isOk());
        if (grouped.isErr() || r.quantity !== 2) return;
        const free = eligible(r);
        const pairExists = free.some((seat) => rowPartners(r.bus, seat).some((p) => free.includes(p)));
        const [a, b] = grouped.value as [number, number];
        expect(rowPartners(r.bus, a).includes(b)).toBe(pairExists);
      }),
      { numRuns: 500 },
    );
  });

  it('does not depend on the order of the occupied stretches', () => {
    fc.assert(
      fc.property(requests, fc.infiniteStream(fc.nat()), (r, randomness) => {
        const shuffled = r.occupied
          .map((o) => ({ o, key: randomness.next().value as number }))
          .sort((x, y) => x.key - y.key)
          .map(({ o }) => o);
        expect(chooseSeats({ ...r, occupied: shuffled })).toEqual(chooseSeats(r));
      }),
      { numRuns: 200 },
    );
  });
});
