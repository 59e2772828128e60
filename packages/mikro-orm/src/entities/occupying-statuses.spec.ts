import { describe, expect, it, jest } from '@jest/globals';
import type * as TicketEntityFile from './ticket.entity';

type TicketEntityModule = typeof TicketEntityFile;

/** The ticket entity as it comes out with the core's list of occupying statuses replaced. */
function ticketEntityWithOccupying(statuses: readonly string[]): TicketEntityModule {
  let loaded: TicketEntityModule | undefined;
  jest.isolateModules(() => {
    jest.doMock('@booking/core', () => ({
      ...jest.requireActual<object>('@booking/core'),
      OCCUPYING_STATUSES: statuses,
    }));
    loaded = jest.requireActual<TicketEntityModule>('./ticket.entity');
  });
  jest.dontMock('@booking/core');
  if (!loaded) throw new Error('ticket entity not loaded');
  return loaded;
}

describe('the statuses that occupy a seat', () => {
  it("are the core's, in the SQL list the queries and the release of seat claims use", () => {
    const entity = ticketEntityWithOccupying(['reserved', 'boarded']);
    expect(entity.OCCUPYING_SQL).toBe(`'reserved', 'boarded'`);
  });
});
