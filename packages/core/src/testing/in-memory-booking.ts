import type { BookingConfig, BookingPorts } from '../application/booking-ports';
import { createBookingServices, type BookingServices } from '../application/booking-services';
import type { GroupReserveCommand } from '../application/ticket-input';
import { cryptoIdGenerator } from '../adapters';
import type { Actor } from '../domain/actor';
import type { NewRoute, Route } from '../domain/route';
import type { Ticket } from '../domain/ticket';
import type { Clock } from '../ports/clock.port';
import type { SeatNotifier } from '../ports/seat-notifier.port';
import type { BoardingRepository } from '../ports/boarding-repository.port';
import type { ScheduleRepository } from '../ports/schedule-repository.port';
import type { TicketSigner } from '../ports/ticket-signer.port';
import { FakeTicketSigner } from './fake-ticket-signer';
import { actors, sampleNewRoute, TEST_CARD } from './fixtures';
import { InMemoryDatabase, type InMemoryDatabaseOptions } from './in-memory-database';
import { InMemoryPaymentLocks } from './in-memory-payment-locks';
import { InMemoryUnitOfWork, inMemoryScope } from './in-memory-unit-of-work';
import { ManualClock } from './manual-clock';
import { RecordingNotifier } from './recording-notifier';
import { RecordingPaymentGateway } from './recording-payment-gateway';

export interface InMemoryPorts extends BookingPorts {
  db: InMemoryDatabase;
  boardings: BoardingRepository;
  schedules: ScheduleRepository;
  paymentGateway: RecordingPaymentGateway;
}

/** Every port in memory: storage with the real guarantees, a recording gateway and the given clock. */
export function createInMemoryPorts(
  options: {
    clock?: Clock;
    notifier?: SeatNotifier;
    database?: InMemoryDatabaseOptions;
    /** Default: a `FakeTicketSigner`. */
    ticketSigner?: TicketSigner;
  } = {},
): InMemoryPorts {
  const db = new InMemoryDatabase(options.database);
  return {
    ...inMemoryScope({ db }),
    unitOfWork: new InMemoryUnitOfWork(db),
    paymentLocks: new InMemoryPaymentLocks(db),
    notifier: options.notifier ?? new RecordingNotifier(),
    paymentGateway: new RecordingPaymentGateway(),
    clock: options.clock ?? new ManualClock(),
    ids: cryptoIdGenerator,
    ticketSigner: options.ticketSigner ?? new FakeTicketSigner(),
    db,
  };
}

export interface InMemoryBooking {
  ports: InMemoryPorts;
  services: BookingServices;
  clock: ManualClock;
  notifier: RecordingNotifier;
  gateway: RecordingPaymentGateway;
}

/** A whole booking core in memory with a manual clock and a recording notifier: what tests start from. */
export function createInMemoryBooking(
  config: Partial<BookingConfig> = {},
  database?: InMemoryDatabaseOptions,
): InMemoryBooking {
  const clock = new ManualClock();
  const notifier = new RecordingNotifier();
  const ports = createInMemoryPorts({ clock, notifier, database });
  return {
    ports,
    services: createBookingServices(ports, config),
    clock,
    notifier,
    gateway: ports.paymentGateway,
  };
}

/** A route the admin creates: `sampleNewRoute` with the overrides. */
export async function createRouteAsAdmin(
  booking: InMemoryBooking,
  overrides: Partial<NewRoute> = {},
): Promise<Route> {
  return (await booking.services.routes.create(actors.admin, sampleNewRoute(overrides)))._unsafeUnwrap();
}

/** Pays the ticket (and its group) with `TEST_CARD`; a refusal fails the test. */
export async function payWithTestCard(
  booking: InMemoryBooking,
  owner: Actor,
  ticketId: string,
): Promise<void> {
  (await booking.services.payments.pay(owner, { ...TEST_CARD, ticketId }))._unsafeUnwrap();
}

/** A female passenger, for a group booking. */
export const passenger = (seatNumber: number, passengerName = 'Alice') => ({
  seatNumber,
  passengerName,
  gender: 'female' as const,
});

/** Books the passengers as one group of the owner's and pays it with one charge: the tickets as booked. */
export async function paidGroup(
  booking: InMemoryBooking,
  owner: Actor,
  routeId: string,
  passengers: GroupReserveCommand['passengers'],
): Promise<Ticket[]> {
  const group = (await booking.services.tickets.reserveGroup(owner, { routeId, passengers }))._unsafeUnwrap();
  await payWithTestCard(booking, owner, group.tickets[0]?.id as string);
  return group.tickets;
}
