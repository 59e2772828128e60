import type { SeatMapEntryView } from '@booking/client';
import { gridColumnOf, rowShape, type Deck, type SeatLayout } from './layout';
import type { ShownStatus } from './messages';

/** A glyph per status, so that no status is told by colour alone. */
export const STATUS_ICONS: Record<ShownStatus, string> = {
  available: '',
  held: '◔',
  mine: '✓',
  reserved: '✕',
  confirmed: '✕',
  suspended: '⊘',
  // Text presentation (U+FE0E), never an emoji: it takes the seat's colour like the other glyphs.
  blocked: '⚠\uFE0E',
};

const element = <K extends keyof HTMLElementTagNameMap>(tag: K, className: string, part = className) => {
  const created = document.createElement(tag);
  created.className = className;
  created.setAttribute('part', part);
  return created;
};

/**
 * Shows a seat's status: its look, its glyph and its name for screen readers. On a cancelled
 * departure (`closed`) no seat can be chosen.
 */
export function paintSeat(cell: HTMLElement, status: ShownStatus, name: string, closed = false): void {
  cell.dataset.status = status;
  cell.setAttribute('part', `seat seat-${status}`);
  cell.setAttribute('aria-label', name);
  cell.setAttribute('aria-selected', String(status === 'mine'));
  cell.setAttribute('aria-disabled', String(closed || (status !== 'available' && status !== 'mine')));
  const icon = cell.querySelector('.icon');
  if (icon) icon.textContent = STATUS_ICONS[status];
}

function seatCell(seat: SeatMapEntryView, layout: SeatLayout): HTMLElement {
  const cell = element('div', 'seat');
  cell.setAttribute('role', 'gridcell');
  cell.setAttribute('aria-colindex', String(seat.column));
  cell.tabIndex = -1;
  cell.dataset.seat = String(seat.seatNumber);
  cell.style.gridColumn = String(gridColumnOf(layout, seat.column));
  const number = element('span', 'number');
  number.textContent = String(seat.seatNumber);
  number.setAttribute('aria-hidden', 'true');
  const icon = element('span', 'icon');
  icon.setAttribute('aria-hidden', 'true');
  cell.append(number, icon);
  return cell;
}

/**
 * One deck as an ARIA grid: a row per seat row, a gridcell per seat at its server-given column
 * (`aria-colindex`; the aisle is only drawn, so it takes a CSS column of its own and no cell).
 */
export function deckGrid(
  deck: Deck,
  layout: SeatLayout,
  name: string,
  cells: Map<number, HTMLElement>,
): HTMLElement {
  const section = element('section', 'deck');
  const heading = element('div', 'deck-name');
  heading.id = `deck-${deck.deck}`;
  heading.textContent = name;
  const grid = element('div', 'grid');
  grid.setAttribute('role', 'grid');
  grid.setAttribute('aria-labelledby', heading.id);
  grid.setAttribute('aria-rowcount', String(Math.max(...deck.rows.map((r) => r.row))));
  grid.setAttribute('aria-colcount', String(rowShape(layout).width));
  grid.dataset.deck = String(deck.deck);
  const { beforeAisle, width } = rowShape(layout);
  const columns = `repeat(${beforeAisle}, var(--seat-size)) var(--seat-aisle) repeat(${width - beforeAisle}, var(--seat-size))`;
  for (const { row, seats } of deck.rows) {
    const rowElement = element('div', 'row');
    rowElement.setAttribute('role', 'row');
    rowElement.setAttribute('aria-rowindex', String(row));
    rowElement.style.gridTemplateColumns = columns;
    for (const seat of seats) {
      const cell = seatCell(seat, layout);
      cells.set(seat.seatNumber, cell);
      rowElement.append(cell);
    }
    grid.append(rowElement);
  }
  section.append(heading, grid);
  return section;
}

/** The legend: a sample seat and the word for each status shown. */
export function legend(words: Record<ShownStatus, string>, statuses: ShownStatus[]): HTMLElement {
  const list = element('ul', 'legend');
  for (const status of statuses) {
    const item = document.createElement('li');
    const sample = element('span', 'seat');
    sample.setAttribute('aria-hidden', 'true');
    sample.dataset.status = status;
    sample.setAttribute('part', `seat seat-${status} legend-seat`);
    sample.textContent = STATUS_ICONS[status];
    item.append(sample, words[status]);
    list.append(item);
  }
  return list;
}

export { element };
