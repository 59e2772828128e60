import {
  type Actor,
  createBookingServices,
  cryptoIdGenerator,
  type BookingConfig,
  type BookingServices,
  type Route,
} from '@booking/core';
import { ManualClock, RecordingPaymentGateway, RecordingNotifier } from '@booking/core/testing';
import type { MikroOrmStorage } from '../open-storage';

export interface BookingOnStorage {
  services: BookingServices;
  notifier: RecordingNotifier;
  clock: ManualClock;
  gateway: RecordingPaymentGateway;
}

/** The core's real use cases over a MikroORM storage, with a manual clock, a recording notifier and gateway. */
export function bookingOnStorage(
  storage: MikroOrmStorage,
  config: Partial<BookingConfig> = {},
): BookingOnStorage {
  const clock = new ManualClock();
  const notifier = new RecordingNotifier();
  const gateway = new RecordingPaymentGateway();
  const services = createBookingServices(
    {
      routes: storage.routes,
      tickets: storage.tickets,
      holds: storage.holds,
      events: storage.events,
      payments: storage.payments,
      idempotency: storage.idempotency,
      history: storage.history,
      unitOfWork: storage.unitOfWork,
      paymentLocks: storage.paymentLocks,
      notifier,
      paymentGateway: gateway,
      clock,
      ids: cryptoIdGenerator,
    },
    config,
  );
  return { services, notifier, clock, gateway };
}

const admin = { userId: 'admin-1', role: 'admin' as const };

/**
 * Customer `n` of one scenario: a user of its own per route, so the unpaid holds of earlier
 * scenarios on the same database never count against the limit of held seats.
 */
export function customerOf(route: Pick<Route, 'id'>, n: number): Actor {
  return { userId: `customer-${n}-${route.id}`, role: 'customer' };
}

/** A route created through the core: five stops (A..E) and `seatCount` seats. */
export async function createRoute(services: BookingServices, seatCount: number): Promise<Route> {
  const tag = cryptoIdGenerator.uuid().slice(0, 8);
  const created = await services.routes.create(admin, {
    fromCity: `A-${tag}`,
    stations: [`B-${tag}`, `C-${tag}`, `D-${tag}`],
    toCity: `E-${tag}`,
    departureAt: '2030-06-01T09:00:00.000Z',
    seatCount,
    price: 19.99,
  });
  return created._unsafeUnwrap();
}
