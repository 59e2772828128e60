import type { BookingServices, ScanResult } from '@booking/core';
import { boardingOperations, type ScanResultJson } from '@booking/protocol';
import { ResultAsync } from 'neverthrow';
import QRCode from 'qrcode';
import { ticketJson } from '../presenters';
import { defineEndpoint, json, type Endpoint } from './endpoint';
import { eticketPage } from './eticket-page';

/** E-tickets (JSON, or a printable page), the public keys, and boarding by scanned code. */
export function boardingEndpoints(services: BookingServices): Endpoint[] {
  const boarding = services.boarding;
  return [
    defineEndpoint(boardingOperations.getETicket, ({ actor, params, accepts }) =>
      boarding.eticket(actor, params.id).andThen(({ claims, code }) =>
        ResultAsync.fromSafePromise(
          QRCode.toString(code, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }),
        ).map((qrSvg) =>
          accepts('application/json', 'text/html') === 'text/html'
            ? {
                status: 200,
                body: eticketPage(claims, qrSvg),
                contentType: 'text/html; charset=utf-8',
                headers: { 'Cache-Control': 'no-store' },
              }
            : { ...json(200, { code, qrSvg }), headers: { 'Cache-Control': 'no-store' } },
        ),
      ),
    ),
    defineEndpoint(boardingOperations.jwks, () =>
      ResultAsync.fromSafePromise(Promise.resolve(boarding.jwks())).map((jwks) => ({
        // Plain JSON, as the OpenAPI document says: every JWKS reader takes it.
        ...json(200, jwks),
        headers: { 'Cache-Control': 'public, max-age=300' },
      })),
    ),
    defineEndpoint(boardingOperations.board, ({ actor, body }) =>
      boarding
        .board(actor, body.code)
        .map(({ ticket, boardedAt }) => json(200, { ticket: ticketJson(ticket), boardedAt })),
    ),
    defineEndpoint(boardingOperations.boardBatch, ({ actor, body }) =>
      boarding
        .boardBatch(actor, body.scans)
        .map((results) => json(200, { results: results.map(scanResultJson) })),
    ),
  ];
}

function scanResultJson(result: ScanResult): ScanResultJson {
  if (result.status === 'ok') {
    return {
      status: 'ok',
      ticketId: result.ticket.id,
      boardedAt: result.boardedAt,
      ticket: ticketJson(result.ticket),
    };
  }
  return result;
}
