import { z } from 'zod';
import { routeUpdateSchema } from '../views/route-update.view';
import { seatUpdateSchema } from '../views/seat-update.view';
import {
  getSeatAvailabilitySchema,
  renewTokenSchema,
  subscribeRouteSchema,
  unsubscribeRouteSchema,
} from './client-messages';
import { socketErrorSchema, type ProtocolError } from './error-codes';
import {
  resyncRequiredSchema,
  seatAvailabilitySchema,
  subscribedSchema,
  ticketUpdateSchema,
  tokenExpiredSchema,
  tokenRenewedSchema,
  unsubscribedSchema,
} from './server-messages';

interface ServerEvent {
  summary: string;
  payload: z.ZodType;
}

/** What the server emits on `/seats`: the event names, their payloads and what they mean. */
export const SERVER_EVENTS = {
  seat_update: {
    summary: 'A committed seat change of a subscribed route, in sequence order (to the route room).',
    payload: seatUpdateSchema,
  },
  route_update: {
    summary:
      'The departure of a subscribed route was cancelled or moved: its next sequence, in order with seat_update (to the route room).',
    payload: routeUpdateSchema,
  },
  subscribed: { summary: 'The answer to subscribe_route.', payload: subscribedSchema },
  unsubscribed: { summary: 'The answer to unsubscribe_route.', payload: unsubscribedSchema },
  seat_availability: { summary: 'The answer to get_seat_availability.', payload: seatAvailabilitySchema },
  resync_required: {
    summary: 'The events since the sequence asked for are no longer kept: reload the seat map.',
    payload: resyncRequiredSchema,
  },
  ticket_update: {
    summary: "A change of one of the user's own tickets (to the user's sockets only).",
    payload: ticketUpdateSchema,
  },
  token_renewed: { summary: 'The answer to renew_token.', payload: tokenRenewedSchema },
  token_expired: {
    summary: "The socket's token expired: ticket_update stops until renew_token.",
    payload: tokenExpiredSchema,
  },
  error: {
    summary: 'A message was refused (also sent as the failed acknowledgement).',
    payload: socketErrorSchema,
  },
} as const satisfies Record<string, ServerEvent>;

export type ServerEventName = keyof typeof SERVER_EVENTS;
export type ServerPayload<E extends ServerEventName> = z.output<(typeof SERVER_EVENTS)[E]['payload']>;

/** What a client may send on `/seats`, and the event that answers each (also its acknowledgement). */
export const CLIENT_EVENTS = {
  subscribe_route: {
    summary:
      'Join a route room: first every seat_update and route_update after sinceSequence, then live ones.',
    payload: subscribeRouteSchema,
    answer: 'subscribed',
  },
  unsubscribe_route: {
    summary: 'Leave a route room.',
    payload: unsubscribeRouteSchema,
    answer: 'unsubscribed',
  },
  get_seat_availability: {
    summary: 'The seat map of a segment (default: the whole route).',
    payload: getSeatAvailabilitySchema,
    answer: 'seat_availability',
  },
  renew_token: {
    summary: "Replace the socket's token before it expires.",
    payload: renewTokenSchema,
    answer: 'token_renewed',
  },
} as const satisfies Record<string, ServerEvent & { answer: ServerEventName }>;

export type ClientEventName = keyof typeof CLIENT_EVENTS;
export type ClientMessage<E extends ClientEventName> = z.input<(typeof CLIENT_EVENTS)[E]['payload']>;
export type ClientAnswer<E extends ClientEventName> = ServerPayload<(typeof CLIENT_EVENTS)[E]['answer']>;

/** What an acknowledgement callback receives. */
export type AckAnswer<T extends object> = ({ ok: true } & T) | { ok: false; error: ProtocolError };
export type Ack<T extends object> = (answer: AckAnswer<T>) => void;

/** The acknowledgement of a client event as a schema: its answer with `ok: true`, or the error. */
export function ackSchema(event: ClientEventName): z.ZodType {
  const answer = SERVER_EVENTS[CLIENT_EVENTS[event].answer].payload;
  return z.union([
    z.intersection(z.object({ ok: z.literal(true) }), answer),
    z.object({ ok: z.literal(false), error: socketErrorSchema }),
  ]);
}

export type ClientToServerEvents = {
  [E in ClientEventName]: (message: ClientMessage<E>, ack?: Ack<ClientAnswer<E>>) => void;
};
export type ServerToClientEvents = { [E in ServerEventName]: (payload: ServerPayload<E>) => void };
