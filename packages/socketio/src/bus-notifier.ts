import type { CommittedChange, SeatNotifier } from '@booking/core';
import type { SeatEventBus } from './bus/seat-event-bus';
import { toRouteRoomEvent, toTicketView } from './views';

/**
 * The core's SeatNotifier: puts each committed change on the bus, from where every gateway process
 * emits `seat_update` and `route_update` to its local `route:{id}` room (in sequence order) and `ticket_update` to the
 * owner's own sockets. A rejected publish leaves the events to the core's outbox relay.
 */
export class BusSeatNotifier implements SeatNotifier {
  constructor(private readonly bus: SeatEventBus) {}

  async notify(change: CommittedChange): Promise<void> {
    if (change.events.length === 0 && change.tickets.length === 0) return;
    await this.bus.publish({
      events: change.events.map(toRouteRoomEvent),
      tickets: change.tickets.map((ticket) => ({ ownerId: ticket.ownerId, ticket: toTicketView(ticket) })),
    });
  }
}
