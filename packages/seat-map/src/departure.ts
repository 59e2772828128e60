import type { DepartureView } from '@booking/client';
import type { Messages } from './messages';
import type { RouteInfo } from './route';
import { element } from './seat-cells';

/** What a change of the departure has to say at once, and whether it cancelled it. */
export interface DepartureNews {
  text: string;
  cancelled: boolean;
}

/**
 * The departure as the live map tells it: the banner of a cancelled one, the time in the route line
 * (a moved one with the time first announced), and what each change has to say.
 */
export class Departure {
  /** Shown once the departure is cancelled (the live region says it too). */
  readonly banner = element('p', 'banner');
  #current: DepartureView | undefined;

  constructor() {
    this.banner.hidden = true;
  }

  get current(): DepartureView | undefined {
    return this.#current;
  }

  get cancelled(): boolean {
    return this.#current?.status === 'cancelled';
  }

  reset(): void {
    this.#current = undefined;
  }

  /** Takes the next departure: a cancellation is news once, a move when its time changed. */
  apply(next: DepartureView, messages: Messages): DepartureNews | undefined {
    const before = this.#current;
    this.#current = next;
    if (next.status === 'cancelled' && before?.status !== 'cancelled')
      return { text: messages.cancelled(next.reason), cancelled: true };
    if (before && next.status !== 'cancelled' && before.departureAt !== next.departureAt)
      return { text: messages.moved(messages.departure(next.departureAt)), cancelled: false };
    return undefined;
  }

  /** The banner, and `data-departure` on the root, which greys out a cancelled bus. */
  render(root: HTMLElement, messages: Messages): void {
    const departure = this.#current;
    root.dataset.departure = departure?.status ?? '';
    this.banner.hidden = !this.cancelled;
    this.banner.textContent = departure && this.cancelled ? messages.cancelled(departure.reason) : '';
  }

  /** When the bus leaves: the time as moved (with the one first announced), or cancelled. */
  line(route: RouteInfo, messages: Messages): string {
    const first = route.scheduledDepartureAt ?? route.departureAt;
    const at = this.#current?.departureAt ?? route.departureAt;
    const when =
      at === first
        ? messages.departure(at)
        : `${messages.departure(at)} (${messages.was(messages.departure(first))})`;
    return this.cancelled ? `${when} · ${messages.cancelledMark}` : when;
  }
}
