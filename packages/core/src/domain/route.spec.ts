import { describe, expect, it } from '@jest/globals';
import { buildRoute, priceForSegment, resolveSegment, servesTrip, type NewRoute } from './route';

const NOW = '2030-01-01T08:00:00.000Z';
const stops = { stops: ['Istanbul', 'Bolu', 'Ankara', 'Kayseri'] };

const newRoute = (overrides: Partial<NewRoute> = {}): NewRoute => ({
  fromCity: 'Istanbul',
  toCity: 'Kayseri',
  stations: ['Bolu', 'Ankara'],
  departureAt: '2030-06-01T09:00:00.000Z',
  seatCount: 40,
  price: 30,
  ...overrides,
});

const problemsOf = (input: NewRoute): string[] => {
  const built = buildRoute(input, 'route-1', NOW);
  if (built.isOk()) throw new Error('expected the route to be refused');
  expect(built.error.kind).toBe('validation_failed');
  return (built.error as { details: string[] }).details;
};

describe('resolveSegment', () => {
  it('defaults to the whole route when no city is given', () => {
    expect(resolveSegment(stops)._unsafeUnwrap()).toEqual({ fromStopIndex: 0, toStopIndex: 3 });
  });

  it('resolves intermediate stops to their indexes, each end defaulting on its own', () => {
    expect(resolveSegment(stops, 'Bolu', 'Ankara')._unsafeUnwrap()).toEqual({
      fromStopIndex: 1,
      toStopIndex: 2,
    });
    expect(resolveSegment(stops, 'Ankara')._unsafeUnwrap()).toEqual({ fromStopIndex: 2, toStopIndex: 3 });
    expect(resolveSegment(stops, undefined, 'Bolu')._unsafeUnwrap()).toEqual({
      fromStopIndex: 0,
      toStopIndex: 1,
    });
  });

  it.each([
    ['an unknown departure city', 'Izmir', 'Ankara'],
    ['an unknown arrival city', 'Bolu', 'Izmir'],
    ['the wrong order', 'Ankara', 'Bolu'],
    ['the same city twice', 'Bolu', 'Bolu'],
    ['a city in the wrong case', 'bolu', 'Ankara'],
  ])('refuses %s with invalid_segment', (_why, from, to) => {
    expect(resolveSegment(stops, from, to)._unsafeUnwrapErr().kind).toBe('invalid_segment');
  });
});

describe('servesTrip', () => {
  it('is true only when both cities are stops and in travel order', () => {
    expect(servesTrip(stops)).toBe(true);
    expect(servesTrip(stops, 'Bolu', 'Kayseri')).toBe(true);
    expect(servesTrip(stops, 'Ankara')).toBe(true);
    expect(servesTrip(stops, undefined, 'Bolu')).toBe(true);
    expect(servesTrip(stops, 'Kayseri', 'Bolu')).toBe(false);
    expect(servesTrip(stops, 'Kayseri')).toBe(false);
    expect(servesTrip(stops, undefined, 'Istanbul')).toBe(false);
    expect(servesTrip(stops, 'Izmir', 'Ankara')).toBe(false);
  });
});

describe('priceForSegment', () => {
  const route = {
    price: 30,
    segmentPrices: [{ fromStopIndex: 1, toStopIndex: 2, price: 12.5 }],
  };

  it('uses the special price of exactly that segment', () => {
    expect(priceForSegment(route, { fromStopIndex: 1, toStopIndex: 2 })).toBe(12.5);
  });

  it('uses the route price for any other segment, even one containing the special one', () => {
    expect(priceForSegment(route, { fromStopIndex: 0, toStopIndex: 3 })).toBe(30);
    expect(priceForSegment(route, { fromStopIndex: 1, toStopIndex: 3 })).toBe(30);
  });
});

describe('buildRoute', () => {
  it('builds the stops from the ends and the stations, trimmed, with the defaults filled in', () => {
    const route = buildRoute(
      newRoute({ fromCity: ' Istanbul ', departureAt: '2030-06-01T12:00:00+03:00' }),
      'route-1',
      NOW,
    )._unsafeUnwrap();
    expect(route).toEqual({
      id: 'route-1',
      fromCity: 'Istanbul',
      toCity: 'Kayseri',
      stops: ['Istanbul', 'Bolu', 'Ankara', 'Kayseri'],
      departureAt: '2030-06-01T09:00:00.000Z',
      seatCount: 40,
      price: 30,
      layout: '2+2',
      decks: 1,
      segmentPrices: [],
      status: 'scheduled',
      cancelReason: null,
      stopTimes: null,
      scheduledDepartureAt: '2030-06-01T09:00:00.000Z',
      createdAt: NOW,
      updatedAt: NOW,
    });
  });

  it('resolves segment prices by city to stop indexes', () => {
    const route = buildRoute(
      newRoute({ layout: '2+1', segmentPrices: [{ fromCity: 'Bolu', toCity: 'Kayseri', price: 18.75 }] }),
      'route-1',
      NOW,
    )._unsafeUnwrap();
    expect(route.layout).toBe('2+1');
    expect(route.segmentPrices).toEqual([{ fromStopIndex: 1, toStopIndex: 3, price: 18.75 }]);
  });

  it('accepts the edges of the ranges: 1 and 100 seats, no stations', () => {
    expect(buildRoute(newRoute({ seatCount: 1, stations: [] }), 'r', NOW).isOk()).toBe(true);
    expect(buildRoute(newRoute({ seatCount: 100 }), 'r', NOW).isOk()).toBe(true);
  });

  it.each<[string, Partial<NewRoute>, string]>([
    ['no seats', { seatCount: 0 }, 'seatCount'],
    ['too many seats', { seatCount: 101 }, 'seatCount'],
    ['a fractional seat count', { seatCount: 10.5 }, 'seatCount'],
    ['a zero price', { price: 0 }, 'price'],
    ['a negative price', { price: -5 }, 'price'],
    ['a price with three decimals', { price: 1.005 }, 'price'],
    ['an infinite price', { price: Number.POSITIVE_INFINITY }, 'price'],
    ['a departure that is not a date', { departureAt: 'tomorrow-ish' }, 'departureAt'],
    ['a departure in the past', { departureAt: '2029-12-31T23:59:59.000Z' }, 'departureAt'],
    ['a departure right now', { departureAt: NOW }, 'departureAt'],
    ['an empty city', { fromCity: '   ' }, 'city name'],
    ['a city name too long', { toCity: 'x'.repeat(101) }, 'city name'],
    ['a city visited twice', { stations: ['Bolu', 'Istanbul'] }, 'each city once'],
    ['too many stations', { stations: Array.from({ length: 31 }, (_, i) => `Stop ${i}`) }, 'stations'],
    ['an unknown layout', { layout: '3+3' as NewRoute['layout'] }, 'layout'],
    [
      'a segment price in the wrong order',
      { segmentPrices: [{ fromCity: 'Ankara', toCity: 'Bolu', price: 5 }] },
      'segment price',
    ],
    [
      'a segment price of nothing',
      { segmentPrices: [{ fromCity: 'Bolu', toCity: 'Ankara', price: 0 }] },
      'segment price',
    ],
  ])('refuses %s with validation_failed naming the problem', (_why, overrides, problem) => {
    const problems = problemsOf(newRoute(overrides));
    expect(problems.some((p) => p.includes(problem))).toBe(true);
  });

  it('lists every problem at once', () => {
    expect(problemsOf(newRoute({ seatCount: 0, price: 0, departureAt: 'x' }))).toHaveLength(3);
  });
});

describe('buildRoute: the problems it names', () => {
  it('says each problem in words, in a fixed order', () => {
    const input = newRoute({
      stations: ['Istanbul'],
      seatCount: 0,
      price: 0,
      departureAt: NOW,
      layout: '3+3' as NewRoute['layout'],
      decks: 3 as NewRoute['decks'],
      segmentPrices: [
        { fromCity: 'Izmir', toCity: 'Kayseri', price: 5 },
        { fromCity: 'Istanbul', toCity: 'Kayseri', price: 0.001 },
      ],
    });
    expect(problemsOf(input)).toEqual([
      'a route visits each city once',
      'seatCount is a whole number from 1 to 100',
      'price is a positive amount with at most two decimals',
      'departureAt is in the future',
      'layout is one of 2+2, 2+1, 1+2',
      'decks is 1 or 2',
      'segment price Izmir-Kayseri: This route does not stop in Izmir.',
      'segment price Istanbul-Kayseri is a positive amount',
    ]);
  });

  it.each<[string, Partial<NewRoute>, string]>([
    ['an empty city', { fromCity: '' }, 'every city name has 1 to 100 characters'],
    [
      'a city with a line break',
      { stations: ['Bolu\nAnkara'] },
      'every city name has no control characters (tabs and line breaks included) and no lone surrogates',
    ],
    ['31 stations', { stations: Array.from({ length: 31 }, (_, i) => `Stop ${i}`) }, 'at most 30 stations'],
    ['a departure that is no date', { departureAt: 'soon' }, 'departureAt is an ISO-8601 date and time'],
    ['two decks of one seat', { decks: 2, seatCount: 1 }, 'a bus with two decks has at least 2 seats'],
  ])('refuses %s', (_why, overrides, problem) => {
    expect(problemsOf(newRoute(overrides))).toEqual([problem]);
  });

  it('accepts 30 stations, two decks of two seats, and a city of 100 characters', () => {
    const stations = Array.from({ length: 30 }, (_, i) => `Stop ${i}`);
    expect(buildRoute(newRoute({ stations }), 'r', NOW)._unsafeUnwrap().stops).toHaveLength(32);
    expect(buildRoute(newRoute({ decks: 2, seatCount: 2 }), 'r', NOW)._unsafeUnwrap().decks).toBe(2);
    expect(buildRoute(newRoute({ toCity: 'x'.repeat(100) }), 'r', NOW).isOk()).toBe(true);
  });

  it('names the refusal of a segment in words', () => {
    const messageOf = (from?: string, to?: string) =>
      resolveSegment(stops, from, to)._unsafeUnwrapErr().message;
    expect(messageOf('Izmir')).toBe('This route does not stop in Izmir.');
    expect(messageOf(undefined, 'Izmir')).toBe('This route does not stop in Izmir.');
    expect(messageOf('Ankara', 'Bolu')).toBe('Ankara does not come before Bolu.');
  });
});

describe('regression: buildRoute refused ordinary prices such as 19.99 (binary floating point)', () => {
  it.each([19.99, 1.1, 0.07, 0.29, 12.34, 1000])('accepts %p', (price) => {
    expect(buildRoute(newRoute({ price }), 'r', NOW)._unsafeUnwrap().price).toBe(price);
  });

  it('still refuses a third decimal', () => {
    expect(problemsOf(newRoute({ price: 19.999 })).some((p) => p.includes('price'))).toBe(true);
  });
});

describe('buildRoute: stop times', () => {
  const times = [
    '2030-06-01T12:00:00+03:00',
    '2030-06-01T12:00:00Z',
    '2030-06-01T14:00:00Z',
    '2030-06-01T17:30:00Z',
  ];

  it('keeps one normalised time per stop, the first being the departure', () => {
    const route = buildRoute(newRoute({ stopTimes: times }), 'route-1', NOW)._unsafeUnwrap();
    expect(route.stopTimes).toEqual([
      '2030-06-01T09:00:00.000Z',
      '2030-06-01T12:00:00.000Z',
      '2030-06-01T14:00:00.000Z',
      '2030-06-01T17:30:00.000Z',
    ]);
    expect(buildRoute(newRoute(), 'route-1', NOW)._unsafeUnwrap().stopTimes).toBeNull();
  });

  it('accepts two stops at the same time', () => {
    const same = [times[0], times[0], times[2], times[3]] as string[];
    expect(buildRoute(newRoute({ stopTimes: same }), 'route-1', NOW).isOk()).toBe(true);
  });

  it.each<[string, string[], string]>([
    ['too few times', times.slice(0, 3), 'stopTimes has one time per stop (4)'],
    [
      'a time that is no date',
      [times[0], 'noon', times[2], times[3]] as string[],
      'every stop time is an ISO-8601 date and time',
    ],
    [
      'a time before the stop before it',
      [times[0], times[2], times[1], times[3]] as string[],
      'no stop time comes before the one of the stop before it',
    ],
    [
      'a first time other than the departure',
      ['2030-06-01T09:00:01Z', ...times.slice(1)],
      'the first stop time is departureAt',
    ],
    [
      'a time past the year 9999',
      [...times.slice(0, 3), '+010000-01-01T00:00:00Z'],
      'every stop time is within the year 9999',
    ],
  ])('refuses %s', (_why, stopTimes, problem) => {
    expect(problemsOf(newRoute({ stopTimes }))).toEqual([problem]);
  });
});
