export * from './domain/actor';
export * from './domain/booking';
export * from './domain/departure';
export * from './domain/errors';
export * from './domain/hold';
export * from './domain/lifecycle';
export * from './domain/payment';
export * from './domain/route';
export * from './domain/seat-choice';
export * from './domain/seat-event';
export * from './domain/seat-layout';
export * from './domain/seat-map';
export * from './domain/text';
export * from './domain/ticket';
export * from './domain/ticket-rules';
export * from './domain/time';

export type * from './ports/booking-locks.port';
export type * from './ports/clock.port';
export type * from './ports/hold-repository.port';
export type * from './ports/id-generator.port';
export type * from './ports/idempotency-store.port';
export * from './ports/logger.port';
export type * from './ports/payment-gateway.port';
export type * from './ports/payment-locks.port';
export type * from './ports/payment-repository.port';
export type * from './ports/route-repository.port';
export type * from './ports/seat-event-log.port';
export type * from './ports/seat-notifier.port';
export type * from './ports/ticket-repository.port';
export type * from './ports/unit-of-work.port';

export * from './application/background-jobs';
export * from './application/booking-ports';
export * from './application/booking-services';
export * from './application/cached-route-repository';
export * from './application/command-pipeline';
export type { IdempotencyInput } from './application/idempotency';
export * from './application/payment-service';
export * from './application/publisher';
export * from './application/route-service';
export * from './application/saving';
export type { GroupBooking, SeatsRequest } from './application/seat-booking';
export * from './application/ticket-input';
export * from './application/ticket-service';

export * from './policies';

export * from './adapters';
