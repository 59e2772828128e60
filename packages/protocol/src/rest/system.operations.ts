import { defineOperation } from './operation';
import { healthSchema, statsSchema } from './system.schemas';

export const systemOperations = {
  health: defineOperation({
    method: 'GET',
    path: '/health',
    operationId: 'health',
    summary: 'Whether the server can reach its database (503 when not).',
    access: 'public',
    success: { status: 200, description: 'Healthy.', schema: healthSchema },
    errors: ['service_unavailable'],
  }),
  metrics: defineOperation({
    method: 'GET',
    path: '/metrics',
    operationId: 'metrics',
    summary: 'Prometheus metrics (needs Authorization: Bearer <metricsToken> when one is configured).',
    access: 'public',
    success: { status: 200, description: 'Prometheus text format.', contentType: 'text/plain' },
    errors: ['unauthorized'],
  }),
  stats: defineOperation({
    method: 'GET',
    path: '/stats',
    operationId: 'stats',
    summary: 'Live Socket.IO connections and subscribers per route (admin).',
    access: ['admin'],
    success: { status: 200, description: 'Connection counts.', schema: statsSchema },
    errors: [],
  }),
  openApi: defineOperation({
    method: 'GET',
    path: '/openapi.json',
    operationId: 'openApi',
    summary: 'This API as an OpenAPI 3.1 document.',
    access: 'public',
    success: { status: 200, description: 'The OpenAPI document.' },
    errors: [],
  }),
  asyncApi: defineOperation({
    method: 'GET',
    path: '/asyncapi.json',
    operationId: 'asyncApi',
    summary: 'The Socket.IO namespace /seats (its messages and their payloads) as an AsyncAPI 3.0 document.',
    access: 'public',
    success: { status: 200, description: 'The AsyncAPI document.' },
    errors: [],
  }),
};
