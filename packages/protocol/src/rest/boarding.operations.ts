import {
  MAX_BOARDING_BATCH_BYTES,
  boardBatchBodySchema,
  boardBatchResultSchema,
  boardBodySchema,
  boardedSchema,
  eticketSchema,
  jwksSchema,
} from './boarding.schemas';
import { defineOperation } from './operation';
import { ticketParamsSchema } from './ticket.schemas';

/** E-tickets, their public keys, and boarding by scanned code. */
export const boardingOperations = {
  getETicket: defineOperation({
    method: 'GET',
    path: '/tickets/:id/eticket',
    operationId: 'getETicket',
    summary:
      "A confirmed ticket's e-ticket (its owner, agent, admin): the signed code and its QR code as SVG; `Accept: text/html` gives a printable page.",
    access: 'signed_in',
    params: ticketParamsSchema,
    success: {
      status: 200,
      description: 'The e-ticket.',
      schema: eticketSchema,
      alternatives: ['text/html'],
    },
    errors: ['ticket_not_found', 'not_boardable', 'persistence_unavailable'],
  }),
  jwks: defineOperation({
    method: 'GET',
    path: '/.well-known/jwks.json',
    operationId: 'jwks',
    summary:
      'The public keys (JWKS) that e-ticket codes are checked with, each with its `kid`: the current one and the older ones still accepted.',
    access: 'public',
    success: { status: 200, description: 'The key set.', schema: jwksSchema },
    errors: [],
  }),
  board: defineOperation({
    method: 'POST',
    path: '/boarding',
    operationId: 'board',
    summary:
      'Board a passenger by the scanned code (driver, agent, admin): checked by its signature, then against the ticket as it is now (paid, not cancelled or exchanged, the seat it names, departing within 12 hours of now). Once per ticket.',
    access: ['driver', 'agent', 'admin'],
    body: boardBodySchema,
    success: { status: 200, description: 'The passenger boarded.', schema: boardedSchema },
    errors: ['invalid_code', 'not_boardable', 'already_boarded', 'persistence_unavailable'],
  }),
  boardBatch: defineOperation({
    method: 'POST',
    path: '/boarding/batch',
    operationId: 'boardBatch',
    summary:
      'The scans an offline scanner kept (driver, agent, admin), each with its `scannedAt`: one result per scan, in order. The earliest scan of a ticket wins, also over a boarding already recorded.',
    access: ['driver', 'agent', 'admin'],
    body: boardBatchBodySchema,
    maxBodyBytes: MAX_BOARDING_BATCH_BYTES,
    success: { status: 200, description: 'One result per scan.', schema: boardBatchResultSchema },
    errors: ['persistence_unavailable'],
  }),
};
