import { z } from 'zod';
import { seatMapSchema, type SeatMapView } from '../views/seat-map.view';
import { ticketSchema } from '../views/ticket.view';

export const subscribedSchema = z.object({
  routeId: z.string(),
  message: z.string(),
  sequence: z.number().int().meta({
    description:
      'The client is up to date to this sequence: every later event of the route follows, in order.',
  }),
});

export const unsubscribedSchema = z.object({ routeId: z.string(), message: z.string() });

/** The missed events are no longer kept: reload the seat map (its `sequence` tells where live events resume). */
export const resyncRequiredSchema = z.object({ routeId: z.string() });

export const ticketUpdateSchema = z.object({ ticket: ticketSchema });

export const tokenRenewedSchema = z.object({
  message: z.string(),
  expiresAt: z.string().optional().meta({
    description:
      "When the socket's identity ends unless renewed again (ISO-8601); absent if the token has no exp.",
  }),
});

/** The socket's token expired: `ticket_update` stops until `renew_token` (or a reconnect with a fresh token). */
export const tokenExpiredSchema = z.object({ message: z.string() });

export const seatAvailabilitySchema = seatMapSchema;

export type Subscribed = z.output<typeof subscribedSchema>;
export type Unsubscribed = z.output<typeof unsubscribedSchema>;
export type ResyncRequired = z.output<typeof resyncRequiredSchema>;
export type TicketUpdate = z.output<typeof ticketUpdateSchema>;
export type TokenRenewed = z.output<typeof tokenRenewedSchema>;
export type TokenExpired = z.output<typeof tokenExpiredSchema>;
export type SeatAvailability = SeatMapView;
