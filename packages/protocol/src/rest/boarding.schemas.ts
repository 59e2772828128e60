import { z } from 'zod';
import { ticketSchema } from '../views/ticket.view';
import { instantSchema } from './common.schemas';

/** Far above any real code (a few hundred characters); longer input is refused before any check. */
export const MAX_ETICKET_CODE_LENGTH = 2048;
/** The most scans one offline batch may carry (the core's `MAX_BOARDING_BATCH`). */
export const MAX_BOARDING_BATCH_IN_SCHEMA = 500;
/** A full batch of the longest codes fits, with room for the JSON around them. */
export const MAX_BOARDING_BATCH_BYTES = MAX_BOARDING_BATCH_IN_SCHEMA * (MAX_ETICKET_CODE_LENGTH + 128);

const codeSchema = z.string().min(1).max(MAX_ETICKET_CODE_LENGTH);

export const eticketSchema = z
  .object({
    code: z.string().meta({ description: 'The compact JWS (EdDSA, Ed25519) the QR code carries.' }),
    qrSvg: z.string().meta({ description: 'The QR code of `code`, as an SVG document.' }),
  })
  .meta({ id: 'ETicket' });

export const boardBodySchema = z.strictObject({ code: codeSchema });

export const boardedSchema = z
  .object({ ticket: ticketSchema, boardedAt: instantSchema })
  .meta({ id: 'Boarded' });

export const boardBatchBodySchema = z.strictObject({
  scans: z
    .array(z.strictObject({ code: codeSchema, scannedAt: instantSchema }))
    .min(1)
    .max(MAX_BOARDING_BATCH_IN_SCHEMA),
});

export const SCAN_STATUSES = ['ok', 'already_boarded', 'not_boardable', 'invalid_code'] as const;

export const scanResultSchema = z
  .object({
    status: z.enum(SCAN_STATUSES),
    ticketId: z.string().optional(),
    boardedAt: instantSchema.optional().meta({
      description: 'ok: when the ticket boarded (this scan); already_boarded: the earlier boarding.',
    }),
    ticket: ticketSchema.optional(),
    message: z.string().optional(),
  })
  .meta({ id: 'ScanResult' });

export const boardBatchResultSchema = z.object({ results: z.array(scanResultSchema) });

export const jwksSchema = z
  .object({ keys: z.array(z.object({ kid: z.string(), kty: z.string() }).loose()) })
  .meta({ id: 'JsonWebKeySet' });

export type ETicketJson = z.infer<typeof eticketSchema>;
export type BoardedJson = z.infer<typeof boardedSchema>;
export type ScanResultJson = z.infer<typeof scanResultSchema>;
export type BoardBatchResultJson = z.infer<typeof boardBatchResultSchema>;
export type JwksJson = z.infer<typeof jwksSchema>;
export type BoardBatchBody = z.input<typeof boardBatchBodySchema>;
