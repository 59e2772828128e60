import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { startApi, type Harness } from './test-support/harness';
import { fuzzWriteEndpoint, JSON_RUNS, RAW_RUNS } from './test-support/fuzz';

let api: Harness;
let ticketId: string;
beforeAll(async () => {
  api = await startApi();
  const route = await api.route();
  const ticket = await api.request('POST', '/tickets', {
    token: api.tokens.customer,
    body: { routeId: route.id, seatNumber: 1, passengerName: 'Ada', gender: 'female' },
  });
  ticketId = (ticket.body as { id: string }).id;
});
afterAll(() => api.close());

// The action endpoints take no body: anything but none or {} is refused, and the ticket stays as it was.
describe.each([
  ['confirm', 'agent'],
  ['suspend', 'agent'],
  ['cancel', 'customer'],
] as const)('POST /tickets/:id/%s under arbitrary input', (action, role) => {
  it(`refuses ${JSON_RUNS} JSON values and ${RAW_RUNS} raw strings with a 4xx and a code, changing nothing`, () =>
    fuzzWriteEndpoint(api, `/tickets/${ticketId}/${action}`, api.tokens[role]));
});
