import type { ETicketClaims } from '@booking/core';

/** Text for HTML: every character that could open markup or an attribute is escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * The passenger's printable e-ticket: the QR code, the trip, the seat, the passenger and the PNR.
 * Every text is escaped; the SVG comes from the QR library and holds only paths.
 */
export function eticketPage(claims: ETicketClaims, qrSvg: string): string {
  const row = (label: string, value: string) =>
    `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>E-ticket ${escapeHtml(claims.pnr)}</title>
<style>
body { font: 16px/1.4 system-ui, sans-serif; margin: 2rem auto; max-width: 32rem; color: #111; }
.qr { width: 16rem; height: 16rem; }
table { border-collapse: collapse; width: 100%; }
th { text-align: left; font-weight: 600; padding: 0.3rem 1rem 0.3rem 0; }
td { padding: 0.3rem 0; }
@media print { body { margin: 0; } .no-print { display: none; } }
</style>
</head>
<body>
<h1>${escapeHtml(claims.fromCity)} → ${escapeHtml(claims.toCity)}</h1>
<div class="qr">${qrSvg}</div>
<table>
${row('Passenger', claims.passengerName)}
${row('PNR', claims.pnr)}
${row('Seat', String(claims.seatNumber))}
${row('Departs', claims.departureAt)}
${row('Ticket', claims.ticketId)}
</table>
<p class="no-print">Show this code when you board. Print this page, or keep it on your phone.</p>
</body>
</html>
`;
}
