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
          expireMonth: maybe(fc.integer({ min: -1, max: 14 })),
          expireYear: maybe(fc.integer({ min: 1990, max: 2110 })),
          cvc: maybe(fc.stringMatching(/^[0-9]{0,6}$/)),
        }),
        async (body) => {
          const answer = await api.request('POST', '/payments', { token: api.tokens.agent, body });
          if (holdsUncleanText([body.cardHolderName])) expectValidationFailed(answer);
          else if (answer.status !== 201) expectRefused(answer);
        },
      ),
      { numRuns: 300 },
    );
  });
});
