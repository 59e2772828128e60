import { holdSchema } from '../views/hold.view';
import { createHoldBodySchema, holdParamsSchema } from './hold.schemas';
import { defineOperation } from './operation';

export const holdOperations = {
  createHold: defineOperation({
    method: 'POST',
    path: '/holds',
    operationId: 'createHold',
    summary:
      'Hold seats for a few minutes before the passengers are named: the named seats, or `quantity` seats the server chooses. All of them or none. Book them with `POST /tickets` and `holdId`.',
    access: 'signed_in',
    body: createHoldBodySchema,
    idempotent: true,
    success: { status: 201, description: 'The active hold.', schema: holdSchema },
    errors: [
      'route_not_found',
      'seat_unavailable',
      'not_enough_seats',
      'idempotency_conflict',
      'invalid_segment',
      'seat_out_of_range',
      'route_departed',
      'hold_limit_reached',
      'persistence_unavailable',
    ],
  }),
  getHold: defineOperation({
    method: 'GET',
    path: '/holds/:id',
    operationId: 'getHold',
    summary: "One hold (its owner, agent, admin: another customer's answers hold_not_found).",
    access: 'signed_in',
    params: holdParamsSchema,
    success: { status: 200, description: 'The hold.', schema: holdSchema },
    errors: ['hold_not_found', 'persistence_unavailable'],
  }),
  extendHold: defineOperation({
    method: 'POST',
    path: '/holds/:id/extend',
    operationId: 'extendHold',
    summary: 'Hold the seats for the full hold time again from now, once (its owner, agent, admin).',
    access: 'signed_in',
    params: holdParamsSchema,
    success: { status: 200, description: 'The hold with its new expiresAt.', schema: holdSchema },
    errors: [
      'hold_not_found',
      'hold_not_extendable',
      'hold_expired',
      'invalid_transition',
      'persistence_unavailable',
    ],
  }),
  releaseHold: defineOperation({
    method: 'DELETE',
    path: '/holds/:id',
    operationId: 'releaseHold',
    summary: 'Let the held seats go at once (its owner, agent, admin).',
    access: 'signed_in',
    params: holdParamsSchema,
    success: { status: 200, description: 'The hold, now released.', schema: holdSchema },
    errors: ['hold_not_found', 'hold_expired', 'invalid_transition', 'persistence_unavailable'],
  }),
};
