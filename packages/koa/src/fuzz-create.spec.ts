import { afterAll, beforeAll, describe, it } from '@jest/globals';
import fc from 'fast-check';
import { startApi, type Harness } from './test-support/harness';
import { expectRefused, fuzzWriteEndpoint, JSON_RUNS, RAW_RUNS } from './test-support/fuzz';

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

describe('near-valid bodies', () => {
  const maybe = <T>(valid: fc.Arbitrary<T>) => fc.oneof(valid, fc.jsonValue());

  it('never answer a 5xx for tickets whose fields are each valid or arbitrary', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            routeId: maybe(fc.constant(routeId)),
            seatNumber: maybe(fc.integer({ min: -5, max: 120 })),
            fromCity: maybe(fc.string({ maxLength: 3 })),
            passengerName: maybe(fc.string({ maxLength: 120 })),
            gender: maybe(fc.constantFrom('male', 'female', 'other')),
            phone: maybe(fc.stringMatching(/^\+?[0-9 ]{0,40}$/)),
          },
          { requiredKeys: ['routeId', 'seatNumber', 'passengerName', 'gender'] },
        ),
        async (body) => {
          const answer = await api.request('POST', '/tickets', { token: api.tokens.otherCustomer, body });
          if (answer.status !== 201) expectRefused(answer);
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
          cardHolderName: maybe(fc.string({ maxLength: 110 })),
          expireMonth: maybe(fc.integer({ min: -1, max: 14 })),
          expireYear: maybe(fc.integer({ min: 1990, max: 2110 })),
          cvc: maybe(fc.stringMatching(/^[0-9]{0,6}$/)),
        }),
        async (body) => {
          const answer = await api.request('POST', '/payments', { token: api.tokens.agent, body });
          if (answer.status !== 201) expectRefused(answer);
        },
      ),
      { numRuns: 300 },
    );
  });
});
