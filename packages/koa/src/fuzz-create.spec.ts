import { isSingleLineText } from '@booking/core';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { errorCode, startApi, type Answer, type Harness } from './test-support/harness';
import {
  anyCase,
  expectRefused,
  fuzzWriteEndpoint,
  hostileText,
  JSON_RUNS,
  RAW_RUNS,
} from './test-support/fuzz';

let api: Harness;
let ticketId: string;
let routeId: string;
beforeAll(async () => {
  api = await startApi();
  const route = await api.route();
  routeId = route.id;
  const ticket = await api.request('POST', '/tickets', {
    token: api.tokens.customer,
    body: { routeId, seatNumber: 1, passengerName: 'Ada', gender: 'female' },
  });
  ticketId = (ticket.body as { id: string }).id;
});
afterAll(() => api.close());

describe.each([
  ['/routes', 'admin'],
  ['/tickets', 'customer'],
  ['/holds', 'customer'],
  ['/payments', 'customer'],
] as const)('POST %s under arbitrary input', (path, role) => {
  it(`refuses ${JSON_RUNS} JSON values and ${RAW_RUNS} raw strings with a 4xx and a code, changing nothing`, () =>
    fuzzWriteEndpoint(api, path, api.tokens[role]));
});

/** Text fields holding a control character or a lone surrogate: such a body must be a 400. */
const holdsUncleanText = (values: unknown[]) =>
  values.some((value) => typeof value === 'string' && !isSingleLineText(value));

const expectValidationFailed = (answer: Answer) =>
  expect({ status: answer.status, code: errorCode(answer) }).toEqual({
    status: 400,
    code: 'validation_failed',
  });

/** An expiry field as card forms and clients send it: a number, its digits, padded, or not quite. */
const expiry = (numbers: fc.Arbitrary<number>) =>
  fc.oneof(
    numbers,
    numbers.map(String),
    numbers.map((n) => String(n).padStart(2, '0')),
    fc
      .tuple(numbers, fc.constantFrom(' %', '%.0', '+%', '%a', '0x%', '%e0'))
      .map(([n, noise]) => noise.replace('%', String(n))),
    fc.double({ noNaN: false }),
  );
/** The rule, written out independently: month 1-12; year 4 digits (2000-2099) or 2 (20YY). */
const digitsOf = (value: unknown, shape: RegExp): number | undefined =>
  typeof value === 'number'
    ? Number.isInteger(value) && value >= 0
      ? value
      : undefined
    : typeof value === 'string' && shape.test(value)
      ? Number(value)
      : undefined;
const isMonth = (value: unknown) => {
  const month = digitsOf(value, /^[0-9]{1,2}$/);
  return month !== undefined && month >= 1 && month <= 12;
};
const isYear = (value: unknown) => {
  const year = digitsOf(value, /^(?:[0-9]{2}|[0-9]{4})$/);
  return year !== undefined && (year <= 99 || (year >= 2000 && year <= 2099));
};
const issuePaths = (answer: Answer): string[] =>
  ((answer.body as { error?: { details?: { path?: string }[] } })?.error?.details ?? []).flatMap((d) =>
    typeof d?.path === 'string' ? [d.path] : [],
  );

describe('near-valid bodies', () => {
  const maybe = <T>(valid: fc.Arbitrary<T>) => fc.oneof(valid, fc.jsonValue());

  it('never answer a 5xx for tickets whose fields are each valid or arbitrary, and refuse unclean text', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            routeId: maybe(anyCase(routeId)),
            seatNumber: maybe(fc.integer({ min: -5, max: 120 })),
            fromCity: maybe(fc.oneof(fc.constant('B1'), hostileText(3))),
            passengerName: maybe(hostileText(120)),
            gender: maybe(fc.constantFrom('male', 'female', 'other')),
            phone: maybe(fc.oneof(fc.stringMatching(/^\+?[0-9 ]{0,40}$/), hostileText(20))),
          },
          { requiredKeys: ['routeId', 'seatNumber', 'passengerName', 'gender'] },
        ),
        fc.option(fc.oneof(fc.constant(''), fc.stringMatching(/^[\x20-\x7e]{0,12}$/)), { nil: undefined }),
        async (body, key) => {
          const headers: Record<string, string> = key === undefined ? {} : { 'Idempotency-Key': key };
          const answer = await api.request('POST', '/tickets', {
            token: api.tokens.otherCustomer,
            body,
            headers,
          });
          // HTTP drops the spaces around a header value; what is left must be 1 to 200 visible characters.
          const badKey = key !== undefined && !/^[\x21-\x7e]{1,200}$/.test(key.trim());
          if (badKey || holdsUncleanText([body.fromCity, body.passengerName, body.phone])) {
            expectValidationFailed(answer);
          } else if (answer.status === 201) {
            // Any letter case of the route id books on the route, which answers in its own form.
            expect((answer.body as { routeId: string }).routeId).toBe(routeId);
          } else expectRefused(answer);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never answer a 5xx for routes whose cities and segment prices are each valid or arbitrary', async () => {
    const cities = ['Istanbul', 'Bolu', 'Ankara', 'Sivas'];
    const city = fc.oneof(fc.constantFrom(...cities), hostileText(8));
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          fromCity: city,
          stations: fc.array(city, { maxLength: 2 }),
          toCity: city,
          segmentPrices: fc.array(
            fc.record({ fromCity: city, toCity: city, price: fc.constantFrom(5, 7.5) }),
            { maxLength: 3 },
          ),
        }),
        async (fields) => {
          const body = { ...fields, departureAt: '2030-06-01T09:00:00.000Z', seatCount: 10, price: 20 };
          const answer = await api.request('POST', '/routes', { token: api.tokens.admin, body });
          const priced = fields.segmentPrices.map((p) => `${p.fromCity.trim()}>${p.toCity.trim()}`);
          const named = [fields.fromCity, fields.toCity, ...fields.stations];
          const pricedCities = fields.segmentPrices.flatMap((p) => [p.fromCity, p.toCity]);
          if (new Set(priced).size < priced.length || holdsUncleanText([...named, ...pricedCities])) {
            expectValidationFailed(answer);
          } else if (answer.status !== 201) expectRefused(answer);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never answer a 5xx for payments whose fields are each valid or arbitrary', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          ticketId: maybe(fc.constant(ticketId)),
          cardNumber: maybe(fc.stringMatching(/^[0-9 -]{0,24}$/)),
          cardHolderName: maybe(hostileText(110)),
          expireMonth: maybe(expiry(fc.integer({ min: -1, max: 14 }))),
          expireYear: maybe(
            expiry(fc.oneof(fc.integer({ min: -1, max: 120 }), fc.integer({ min: 1990, max: 2110 }))),
          ),
          cvc: maybe(fc.stringMatching(/^[0-9]{0,6}$/)),
        }),
        async (body) => {
          const answer = await api.request('POST', '/payments', { token: api.tokens.agent, body });
          const cited = issuePaths(answer);
          // Bodies the JSON reader refuses (a `__proto__` key) never reach the schema.
          const read = !JSON.stringify(body).includes('"__proto__"');
          for (const [field, valid] of [
            ['expireMonth', isMonth(body.expireMonth)],
            ['expireYear', isYear(body.expireYear)],
          ] as const) {
            // A card form's expiry (a number or digits) is read; anything else is refused by name.
            if (!valid) expectValidationFailed(answer);
            if (read) expect({ field, cited: cited.includes(field) }).toEqual({ field, cited: !valid });
          }
          if (holdsUncleanText([body.cardHolderName])) expectValidationFailed(answer);
          else if (answer.status !== 201) expectRefused(answer);
        },
      ),
      { numRuns: 300 },
    );
  });
});
