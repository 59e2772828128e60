// The wire of the booking server: what REST and Socket.IO clients send and receive. Clients that
// only need the types may `import type` from here and bundle no zod.
export * from './rest/boarding.schemas';
export * from './rest/boarding.operations';
export * from './rest/common.schemas';
export * from './rest/error-codes';
export * from './rest/history.schemas';
export * from './rest/hold.schemas';
export * from './rest/hold.operations';
export * from './rest/idempotency-key';
export * from './rest/manifest.schemas';
export * from './rest/manifest.operations';
export * from './rest/operation';
export * from './rest/operations';
export * from './rest/payment.schemas';
export * from './rest/payment.operations';
export * from './rest/report.schemas';
export * from './rest/report.operations';
export * from './rest/route.schemas';
export * from './rest/route.operations';
export * from './rest/schedule.schemas';
export * from './rest/schedule.operations';
export * from './rest/system.schemas';
export * from './rest/system.operations';
export * from './rest/ticket.schemas';
export * from './rest/ticket.operations';
export * from './rest/ticket-change.schemas';
export * from './rest/ticket-change.operations';

export * from './views/hold.view';
export * from './views/route-update.view';
export * from './views/seat-map.view';
export * from './views/seat-update.view';
export * from './views/ticket.view';

export * from './socket/client-messages';
export * from './socket/error-codes';
export * from './socket/events';
export * from './socket/names';
export * from './socket/server-messages';

export * from './documents/asyncapi';
export * from './documents/openapi';
