/**
 * CSV as RFC 4180 writes it (comma, CRLF, quotes doubled), safe to open in a spreadsheet: a text
 * cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be read as a formula
 * there, so it gets a leading `'`. Plain numbers (`-12.50`) are left as numbers.
 */
export function csvRow(cells: readonly (string | number)[]): string {
  return cells.map((cell) => csvCell(String(cell))).join(',');
}

export function csvDocument(rows: readonly (readonly (string | number)[])[]): string {
  return rows.map(csvRow).join('\r\n') + '\r\n';
}

const NUMBER = /^-?\d+(?:\.\d+)?$/;
const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(text: string): string {
  const safe = !NUMBER.test(text) && FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** An amount with exactly two decimals (12.5 -> "12.50", -0.1 -> "-0.10"), from its whole cents. */
export function twoDecimals(amount: number): string {
  const cents = Math.round(amount * 100);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
