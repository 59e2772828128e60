import type { Deck, SeatLayout } from './layout';
import { isGridKey, nextSeat, type GridPlace } from './navigation';
import { deckGrid, element } from './seat-cells';

/**
 * The decks' seat grids and how a passenger moves in them: one tab stop per deck (roving tabindex),
 * the arrow keys, Home and End; a click, Enter or Space chooses a seat. The seat in focus is
 * described in `details`.
 */
export class SeatGrid {
  readonly decks = element('div', 'decks');
  #cells = new Map<number, HTMLElement>();
  /** Each seat's deck-mates with their places, for the arrow keys. */
  #decksOf = new Map<number, GridPlace[]>();

  constructor(
    private readonly shadow: ShadowRoot,
    private readonly details: HTMLElement,
    choose: (seatNumber: number) => void,
  ) {
    this.decks.addEventListener('keydown', (event) => this.#onKey(event, choose));
    this.decks.addEventListener('click', (event) => {
      const seat = this.#seatOf(event.target);
      if (seat !== undefined) choose(seat);
    });
    this.decks.addEventListener('focusin', (event) => {
      const seat = this.#seatOf(event.target);
      if (seat !== undefined) this.#activate(seat);
    });
  }

  cell(seatNumber: number): HTMLElement | undefined {
    return this.#cells.get(seatNumber);
  }

  /** The seat with the focus, if any. */
  focused(): number | undefined {
    return this.#seatOf(this.shadow.activeElement);
  }

  clear(): void {
    this.#cells.clear();
    this.#decksOf.clear();
    this.decks.replaceChildren();
  }

  /**
   * Draws the decks again (`paint` shows each seat), keeping each deck's tab stop where it was and
   * the focus on the seat that had it.
   */
  draw(decks: Deck[], layout: SeatLayout, deckName: (deck: number) => string, paint: () => void): void {
    const focused = this.focused();
    const active = [...this.#cells.values()]
      .filter((c) => c.tabIndex === 0)
      .map((c) => Number(c.dataset.seat));
    this.clear();
    this.decks.replaceChildren(
      ...decks.map((deck) => deckGrid(deck, layout, deckName(deck.deck), this.#cells)),
    );
    for (const deck of decks) {
      const places = deck.rows.flatMap((r) =>
        r.seats.map(({ seatNumber, row, column }) => ({ seatNumber, row, column })),
      );
      for (const place of places) this.#decksOf.set(place.seatNumber, places);
      // One tab stop per deck: the seat last active there, else the deck's first seat.
      const keep = places.find((p) => active.includes(p.seatNumber)) ?? places[0];
      const cell = keep && this.#cells.get(keep.seatNumber);
      if (cell) cell.tabIndex = 0;
    }
    paint();
    if (focused !== undefined) this.#cells.get(focused)?.focus();
  }

  #seatOf(target: EventTarget | null): number | undefined {
    const cell = target instanceof HTMLElement ? target.closest<HTMLElement>('[data-seat]') : null;
    return cell?.dataset.seat ? Number(cell.dataset.seat) : undefined;
  }

  /** The seat becomes its deck's tab stop (roving tabindex) and is described under the map. */
  #activate(seatNumber: number): void {
    const cell = this.#cells.get(seatNumber);
    if (!cell) return;
    cell
      .closest('[role="grid"]')
      ?.querySelectorAll<HTMLElement>('[data-seat]')
      .forEach((c) => (c.tabIndex = -1));
    cell.tabIndex = 0;
    this.details.textContent = cell.getAttribute('aria-label');
  }

  #onKey(event: KeyboardEvent, choose: (seatNumber: number) => void): void {
    const seatNumber = this.#seatOf(event.target);
    const places = seatNumber === undefined ? undefined : this.#decksOf.get(seatNumber);
    const seat = places?.find((p) => p.seatNumber === seatNumber);
    if (!places || !seat) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      return choose(seat.seatNumber);
    }
    if (!isGridKey(event.key)) return;
    event.preventDefault();
    const next = nextSeat(places, seat, event.key, event.ctrlKey);
    this.#activate(next.seatNumber);
    this.#cells.get(next.seatNumber)?.focus();
  }
}
