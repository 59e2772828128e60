/**
 * The element's own styles, adopted as a constructed stylesheet: a page's Content-Security-Policy
 * (`style-src 'self'`) refuses inline <style>, never these. Every colour and size is a custom
 * property a host page may set; the status glyphs and border styles keep statuses apart in greyscale.
 */
export const SEAT_MAP_CSS = `
:host {
  display: block;
  --seat-size: 2.75rem;
  --seat-gap: 0.375rem;
  --seat-aisle: 1.25rem;
  --seat-radius: 0.5rem;
  --seat-map-fg: #1d2430;
  --seat-map-bg: #ffffff;
  --seat-map-muted: #505a69;
  --seat-available-bg: #e7f5ea;
  --seat-available-border: #2e7d32;
  --seat-held-bg: #fff3c4;
  --seat-held-border: #8a5a00;
  --seat-mine-bg: #0d47a1;
  --seat-mine-fg: #ffffff;
  --seat-reserved-bg: #d7dbe0;
  --seat-confirmed-bg: #9aa3ad;
  --seat-taken-fg: #1d2430;
  --seat-blocked-bg: #f3e5f5;
  --seat-blocked-border: #6a1b9a;
  --seat-focus-ring: #c2185b;
  --seat-live: #2e7d32;
  --seat-reconnecting: #b71c1c;
  --seat-cancelled: #8e1111;
  --seat-cancelled-bg: #fdecea;
  color: var(--seat-map-fg);
  font-family: var(--seat-map-font, system-ui, sans-serif);
}
[hidden] { display: none !important; }
.root { background: var(--seat-map-bg); padding: 0.75rem; border-radius: 0.75rem; max-width: 100%; box-sizing: border-box; }
.header { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: 0.5rem; }
.route { margin: 0; font-weight: 600; }
.banner { margin: 0.75rem 0 0; padding: 0.6rem 0.75rem; border-left: 6px solid var(--seat-cancelled); background: var(--seat-cancelled-bg); color: var(--seat-cancelled); font-weight: 600; }
.root[data-departure='cancelled'] .decks .seat { cursor: not-allowed; opacity: 0.55; }
.connection { margin: 0; font-size: 0.875rem; display: inline-flex; align-items: center; gap: 0.35rem; }
.connection::before { content: ''; width: 0.7rem; height: 0.7rem; border-radius: 50%; background: var(--seat-reconnecting); }
.connection[data-state='live']::before { background: var(--seat-live); }
.connection[data-state='reconnecting']::before { border-radius: 0; }
.decks { display: flex; flex-wrap: wrap; gap: 1rem; justify-content: center; margin: 0.75rem 0; }
.deck-name { font-size: 0.95rem; margin: 0 0 0.375rem; text-align: center; }
.grid { display: flex; flex-direction: column; gap: var(--seat-gap); padding: 0.75rem; border: 2px solid var(--seat-map-fg); border-radius: 1.5rem 1.5rem 0.5rem 0.5rem; }
.row { display: grid; gap: var(--seat-gap); }
.seat {
  box-sizing: border-box; min-width: var(--seat-size); min-height: var(--seat-size);
  display: flex; flex-direction: column; align-items: center; justify-content: center;
  border: 2px solid var(--seat-available-border); border-radius: var(--seat-radius);
  background: var(--seat-available-bg); color: var(--seat-taken-fg);
  font-size: 0.9rem; font-weight: 600; line-height: 1; cursor: pointer; user-select: none;
}
.seat .icon { font-size: 0.8rem; line-height: 1; }
.seat[data-status='held'] { background: repeating-linear-gradient(45deg, var(--seat-held-bg) 0 4px, #ffffff 4px 8px); border: 2px dashed var(--seat-held-border); cursor: not-allowed; }
.seat[data-status='mine'] { background: var(--seat-mine-bg); color: var(--seat-mine-fg); border: 4px double var(--seat-mine-fg); outline: 2px solid var(--seat-mine-bg); }
.seat[data-status='reserved'] { background: var(--seat-reserved-bg); border: 2px dashed var(--seat-taken-fg); cursor: not-allowed; }
.seat[data-status='confirmed'] { background: var(--seat-confirmed-bg); border: 2px solid var(--seat-taken-fg); cursor: not-allowed; }
.seat[data-status='blocked'] { background: var(--seat-blocked-bg); border: 3px solid var(--seat-blocked-border); border-radius: 50%; color: var(--seat-blocked-border); cursor: not-allowed; }
.seat[data-status='suspended'] { background: var(--seat-map-bg); border: 2px dotted var(--seat-taken-fg); color: var(--seat-map-muted); cursor: not-allowed; }
.seat:focus { outline: none; }
.seat:focus-visible, .seat:focus { box-shadow: 0 0 0 3px var(--seat-map-bg), 0 0 0 6px var(--seat-focus-ring); }
.details { min-height: 1.25rem; margin: 0 0 0.5rem; text-align: center; font-size: 0.95rem; }
.legend { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; list-style: none; padding: 0; margin: 0 0 0.75rem; font-size: 0.85rem; }
.legend li { display: inline-flex; align-items: center; gap: 0.35rem; }
.legend .seat { min-width: 1.75rem; min-height: 1.75rem; cursor: default; font-size: 0.75rem; }
.hold { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; padding: 0.5rem; border: 2px solid var(--seat-mine-bg); border-radius: 0.5rem; }
.hold-seat { font-weight: 600; }
.timer { font-variant-numeric: tabular-nums; font-size: 1.1rem; font-weight: 700; }
button {
  min-height: 44px; min-width: 44px; padding: 0 0.9rem; font: inherit; border-radius: 0.4rem;
  border: 2px solid var(--seat-mine-bg); background: var(--seat-map-bg); color: var(--seat-map-fg); cursor: pointer;
}
button:focus-visible { outline: 3px solid var(--seat-focus-ring); outline-offset: 2px; }
button:disabled { opacity: 0.6; cursor: not-allowed; }
.message { min-height: 1.25rem; margin: 0.5rem 0 0; }
`;

let sheet: CSSStyleSheet | undefined;

/** One stylesheet shared by every seat map of the page. */
export function seatMapStyles(): CSSStyleSheet {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(SEAT_MAP_CSS);
  }
  return sheet;
}
