import { createBookingClient, tokenOf, type BookingClient, type TokenSource } from '@booking/client';
import type { Connection, Messages } from './messages';
import { element } from './seat-cells';

/**
 * The element's connection to the booking server: the client (REST and the `/seats` socket) and the
 * indicator that says whether the map is live (a `status`).
 */
export class LiveConnection {
  readonly indicator = element('p', 'connection');
  #state: Connection = 'connecting';

  constructor(private readonly messages: () => Messages) {
    this.indicator.setAttribute('role', 'status');
  }

  /**
   * A client of `server`. `transports` is the attribute ("polling", "websocket" or both); it is
   * named always (default both), so a server offering WebTransport is never taken up: the bundle
   * leaves that transport out.
   */
  open(server: string, token: () => TokenSource | undefined, transports: string | null): BookingClient {
    const named = transports?.split(',').filter((name) => name === 'polling' || name === 'websocket');
    // Seat maps are public: the socket stays anonymous, so a wrong token never stops the live map.
    const client = createBookingClient(server, {
      token: () => tokenOf(token()),
      socket: { auth: {}, transports: named?.length ? named : ['polling', 'websocket'] },
    });
    this.show('connecting');
    client.socket.on('connect', () => this.show('live'));
    client.socket.on('disconnect', () => this.show('reconnecting'));
    return client;
  }

  /** Shows the state (default: the one shown), in the element's words. */
  show(state = this.#state): void {
    this.#state = state;
    this.indicator.dataset.state = state;
    this.indicator.textContent = this.messages().connection[state];
  }
}
