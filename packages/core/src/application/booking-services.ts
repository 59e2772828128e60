import { DEFAULT_BOOKING_CONFIG, type BookingConfig, type BookingPorts } from './booking-ports';
import { BoardingService } from './boarding-service';
import { CommandPipeline } from './command-pipeline';
import { DayOfTravel } from './day-of-travel';
import { DepartureChanges } from './departure-changes';
import { HoldService } from './hold-service';
import { PaymentService } from './payment-service';
import { ChangePublisher } from './publisher';
import { Refunds } from './refunds';
import { ReportService } from './report-service';
import { RouteService } from './route-service';
import { TicketChanges } from './ticket-changes';
import { TicketService } from './ticket-service';

/** The use cases, ready to be called by any transport. */
export interface BookingServices {
  routes: RouteService;
  tickets: TicketService;
  holds: HoldService;
  payments: PaymentService;
  reports: ReportService;
  /** An admin cancels or moves a departure; a route's audit trail. */
  departures: DepartureChanges;
  /** A ticket's change of seat, exchange and correction; a ticket's audit trail. */
  ticketChanges: TicketChanges;
  /** E-tickets, their keys, and boarding by scanned code. */
  boarding: BoardingService;
  /** On the day: a departure's manifest, and the bus leaving its stops (no-shows). */
  day: DayOfTravel;
  /** Publishes committed changes; `relayUnpublished()` is the outbox relay. */
  publisher: ChangePublisher;
}

/** Wires the use cases over a set of ports: the whole core, with no framework in between. */
export function createBookingServices(
  ports: BookingPorts,
  config: Partial<BookingConfig> = {},
): BookingServices {
  const settings: BookingConfig = { ...DEFAULT_BOOKING_CONFIG, ...config };
  const publisher = new ChangePublisher(ports, settings);
  const pipeline = new CommandPipeline(ports, publisher);
  const holds = new HoldService(ports, settings, pipeline);
  const refunds = new Refunds(ports, settings);
  const tickets = new TicketService(ports, holds, settings, pipeline, refunds);
  return {
    routes: new RouteService(ports, settings),
    tickets,
    holds,
    payments: new PaymentService(ports, settings, tickets, pipeline, refunds),
    reports: new ReportService(ports, settings),
    departures: new DepartureChanges(ports, settings, pipeline, refunds),
    ticketChanges: new TicketChanges(ports, settings, tickets, pipeline, refunds),
    boarding: new BoardingService(ports, tickets),
    day: new DayOfTravel(ports, pipeline),
    publisher,
  };
}
