import type { BookingServices, Logger } from '@booking/core';

/**
 * When no route is still to depart (the first start of an empty database, or a demo left for days),
 * one route for the demo page to show: Istanbul to Ankara with two stations, tomorrow at 09:00 UTC.
 */
export async function seedSampleRoute(services: BookingServices, logger: Logger): Promise<void> {
  const existing = await services.routes.list({});
  const now = Date.now();
  if (existing.isErr() || existing.value.some((route) => Date.parse(route.departureAt) > now)) return;
  const departure = new Date();
  departure.setUTCDate(departure.getUTCDate() + 1);
  departure.setUTCHours(9, 0, 0, 0);
  const created = await services.routes.create(
    { userId: 'system', role: 'admin' },
    {
      fromCity: 'Istanbul',
      toCity: 'Ankara',
      stations: ['Izmit', 'Bolu'],
      departureAt: departure.toISOString(),
      seatCount: 40,
      price: 450,
      layout: '2+2',
    },
  );
  if (created.isErr()) logger.warn({ error: created.error }, 'sample route not created');
  else logger.info({ routeId: created.value.id }, 'sample route created');
}
