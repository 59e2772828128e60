import { GENDERS, SEAT_EVENT_TYPES, TICKET_STATUSES } from '@booking/core';
import { z } from 'zod';
import type { SeatBusMessage } from './seat-event-bus';

const count = z.number().int().nonnegative();

const seatUpdate = z.object({
  routeId: z.string(),
  seatNumber: count,
  eventType: z.enum(SEAT_EVENT_TYPES),
  ticketId: z.string(),
  sequence: count,
  timestamp: z.string(),
  fromStopIndex: count,
  toStopIndex: count,
  metadata: z.object({
    fromCity: z.string(),
    toCity: z.string(),
    price: z.number(),
    gender: z.enum(GENDERS),
    reason: z.literal('hold_expired').optional(),
  }),
});

const ticketView = z.object({
  id: z.string(),
  pnrNumber: z.string(),
  routeId: z.string(),
  seatNumber: count,
  fromCity: z.string(),
  toCity: z.string(),
  fromStopIndex: count,
  toStopIndex: count,
  passengerName: z.string(),
  gender: z.enum(GENDERS),
  price: z.number(),
  status: z.enum(TICKET_STATUSES),
  holdExpiresAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** A bus message as it crosses Redis, with the id of the process that sent it. */
export const wireMessage = z.object({
  origin: z.string(),
  events: z.array(seatUpdate),
  tickets: z.array(z.object({ ownerId: z.string(), ticket: ticketView })),
});

export type WireMessage = SeatBusMessage & { origin: string };

/** Parses a message from another process; anything malformed is refused, never thrown. */
export function parseWireMessage(text: string): WireMessage | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = wireMessage.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}
