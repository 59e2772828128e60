import { type z } from 'zod';
import { SEATS_NAMESPACE } from '../socket/names';
import {
  ackSchema,
  CLIENT_EVENTS,
  SERVER_EVENTS,
  type ClientEventName,
  type ServerEventName,
} from '../socket/events';
import { SchemaCollector } from './json-schemas';
import type { DocumentInfo } from './openapi';

export const SEATS_API_INFO: DocumentInfo = {
  title: 'booking live seats',
  version: '0.1.0',
  description: [
    `The Socket.IO namespace ${SEATS_NAMESPACE} of the booking server: live seat maps of bus routes.`,
    'Each channel is one Socket.IO event. A client message may take an acknowledgement callback:',
    'it receives the answer with `ok: true`, or `{ ok: false, error }` (the answer event or `error` is emitted too).',
    'Connect with a JWT in `auth.token` (or `Authorization: Bearer`) to receive your own `ticket_update`s;',
    'without one the socket may only read, unless the server requires a token.',
  ].join(' '),
};

const ref = (...path: string[]) => ({ $ref: `#/${path.join('/')}` });
const ackName = (event: ClientEventName) => `${event}_ack`;

/**
 * The AsyncAPI 3.0 document of `/seats`, from the schemas the server validates messages with and
 * the views it sends: one channel per event; an acknowledgement is the reply on the same channel.
 */
export function buildAsyncApiDocument(info: DocumentInfo = SEATS_API_INFO): object {
  const collector = new SchemaCollector('draft-7', '#/components/schemas/');
  const messages: Record<string, object> = {};
  const channels: Record<string, object> = {};
  const operations: Record<string, object> = {};
  const message = (name: string, summary: string, schema: z.ZodType, io: 'input' | 'output') => {
    messages[name] = { name, summary, payload: collector.convert(schema, io) };
    return ref('components', 'messages', name);
  };

  for (const [event, { summary, payload }] of Object.entries(CLIENT_EVENTS) as [
    ClientEventName,
    (typeof CLIENT_EVENTS)[ClientEventName],
  ][]) {
    channels[event] = {
      address: event,
      description: `The client emits \`${event}\` on ${SEATS_NAMESPACE}.`,
      messages: {
        [event]: message(event, summary, payload, 'input'),
        [ackName(event)]: message(
          ackName(event),
          `The acknowledgement of ${event}: the ${CLIENT_EVENTS[event].answer} answer with ok: true, or the error.`,
          ackSchema(event),
          'output',
        ),
      },
    };
    operations[event] = {
      action: 'receive',
      channel: ref('channels', event),
      summary,
      messages: [ref('channels', event, 'messages', event)],
      reply: {
        channel: ref('channels', event),
        messages: [ref('channels', event, 'messages', ackName(event))],
      },
    };
  }

  for (const [event, { summary, payload }] of Object.entries(SERVER_EVENTS) as [
    ServerEventName,
    (typeof SERVER_EVENTS)[ServerEventName],
  ][]) {
    channels[event] = {
      address: event,
      description: `The server emits \`${event}\` on ${SEATS_NAMESPACE}.`,
      messages: { [event]: message(event, summary, payload, 'output') },
    };
    operations[event] = {
      action: 'send',
      channel: ref('channels', event),
      summary,
      messages: [ref('channels', event, 'messages', event)],
    };
  }

  return {
    asyncapi: '3.0.0',
    info,
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { messages, schemas: collector.components },
  };
}
