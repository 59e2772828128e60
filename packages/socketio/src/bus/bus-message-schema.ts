import { z } from 'zod';
import { routeUpdateSchema, seatUpdateSchema, ticketSchema } from '../protocol';
import type { SeatBusMessage } from './seat-event-bus';

/** A bus message as it crosses Redis, with the id of the process that sent it. */
export const wireMessage = z.object({
  origin: z.string(),
  events: z.array(z.union([seatUpdateSchema, routeUpdateSchema])),
  tickets: z.array(z.object({ ownerId: z.string(), ticket: ticketSchema })),
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
