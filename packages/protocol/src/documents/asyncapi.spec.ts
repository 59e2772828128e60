import { describe, expect, it } from '@jest/globals';
import { Parser } from '@asyncapi/parser';
import { REST_OPERATIONS } from '../rest/operations';
import { CLIENT_EVENTS, SERVER_EVENTS } from '../socket/events';
import { buildAsyncApiDocument } from './asyncapi';
import { buildOpenApiDocument } from './openapi';

// Spectral's severities: 0 error, 1 warning, 2 information, 3 hint.
const WARNING = 1;

interface Document {
  channels: Record<string, { address: string; messages: Record<string, unknown> }>;
  components: {
    messages: Record<string, { payload: { properties?: Record<string, unknown>; required?: string[] } }>;
    schemas: Record<string, unknown>;
  };
}

describe('the AsyncAPI document of /seats', () => {
  it('is a valid AsyncAPI 3.0 document for the official parser, without errors or warnings', async () => {
    const { document, diagnostics } = await new Parser().parse(JSON.stringify(buildAsyncApiDocument()));
    const problems = diagnostics
      .filter((diagnostic) => diagnostic.severity <= WARNING)
      .map((d) => `${d.code} at ${d.path.join('.')}: ${d.message}`);
    expect(problems).toEqual([]);
    expect(document?.version()).toBe('3.0.0');

    // The server receives each client event (answering on the same channel) and sends each of its own.
    const operations = document?.operations().all() ?? [];
    const described = operations.map((operation) => ({
      event: operation.channels().all()[0]?.address(),
      action: operation.action(),
      answers:
        operation
          .reply()
          ?.messages()
          .all()
          .map((message) => message.name()) ?? [],
    }));
    expect(described).toEqual([
      ...Object.keys(CLIENT_EVENTS).map((event) => ({ event, action: 'receive', answers: [`${event}_ack`] })),
      ...Object.keys(SERVER_EVENTS).map((event) => ({ event, action: 'send', answers: [] })),
    ]);
  });

  it('describes each payload with the schema the server validates or sends it with', () => {
    const document = buildAsyncApiDocument() as Document;
    const payload = (event: string) => document.components.messages[event]?.payload;
    expect(payload('subscribe_route')?.required).toEqual(['routeId']);
    expect(Object.keys(payload('get_seat_availability')?.properties ?? {}).sort()).toEqual(
      ['fromCity', 'gender', 'routeId', 'toCity'].sort(),
    );
    expect(payload('ticket_update')?.properties?.ticket).toEqual({ $ref: '#/components/schemas/Ticket' });
    expect(payload('seat_availability')).toEqual({ $ref: '#/components/schemas/SeatMap' });
    expect(payload('seat_update')).toEqual({ $ref: '#/components/schemas/SeatUpdate' });
  });

  it('shares the views with the OpenAPI document: one Ticket and one SeatMap', () => {
    const live = buildAsyncApiDocument() as Document;
    const rest = buildOpenApiDocument(REST_OPERATIONS) as {
      components: { schemas: Record<string, unknown> };
    };
    for (const view of ['Ticket', 'SeatMap']) {
      expect(live.components.schemas[view]).toBeDefined();
      expect(live.components.schemas[view]).toEqual(rest.components.schemas[view]);
    }
  });
});
