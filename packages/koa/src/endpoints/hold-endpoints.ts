import type { BookingServices, Hold } from '@booking/core';
import { holdOperations } from '@booking/protocol';
import { holdJson } from '../presenters';
import { defineEndpoint, json, type Endpoint, type Reply } from './endpoint';

/** Seat holds: seats held for a few minutes before passengers are named (`POST /tickets` books them). */
export function holdEndpoints(services: BookingServices): Endpoint[] {
  const { holds } = services;
  const answer = (hold: Hold): Reply => json(200, holdJson(hold));
  return [
    defineEndpoint(holdOperations.createHold, ({ actor, body, idempotency }) =>
      holds.place(actor, body, idempotency).map((hold) => json(201, holdJson(hold))),
    ),
    defineEndpoint(holdOperations.getHold, ({ actor, params }) => holds.get(actor, params.id).map(answer)),
    defineEndpoint(holdOperations.extendHold, ({ actor, params }) =>
      holds.extend(actor, params.id).map(answer),
    ),
    defineEndpoint(holdOperations.releaseHold, ({ actor, params }) =>
      holds.release(actor, params.id).map(answer),
    ),
  ];
}
