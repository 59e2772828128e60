import type { CancellationPolicy } from '../domain/cancellation-policy';
import type { Clock } from '../ports/clock.port';
import type { HistoryLog } from '../ports/history-log.port';
import type { HoldRepository } from '../ports/hold-repository.port';
import type { IdGenerator } from '../ports/id-generator.port';
import type { IdempotencyStore } from '../ports/idempotency-store.port';
import type { PaymentGateway } from '../ports/payment-gateway.port';
import type { PaymentLocks } from '../ports/payment-locks.port';
import type { PaymentRepository } from '../ports/payment-repository.port';
import type { RouteRepository } from '../ports/route-repository.port';
import type { SeatEventLog } from '../ports/seat-event-log.port';
import type { SeatNotifier } from '../ports/seat-notifier.port';
import type { TicketRepository } from '../ports/ticket-repository.port';
import type { TicketSigner } from '../ports/ticket-signer.port';
import type { UnitOfWork } from '../ports/unit-of-work.port';
import { DEFAULT_MAX_HELD_SEATS } from '../policies/held-seats-limit';
import type { SeatPolicy } from '../policies/seat-policy';

/** Everything the use cases need from the outside world. */
export interface BookingPorts {
  routes: RouteRepository;
  tickets: TicketRepository;
  holds: HoldRepository;
  events: SeatEventLog;
  payments: PaymentRepository;
  idempotency: IdempotencyStore;
  /** Who changed which ticket or route, when and why. */
  history: HistoryLog;
  unitOfWork: UnitOfWork;
  /** Claimed before the gateway is called, so racing payments of one ticket charge it once. */
  paymentLocks: PaymentLocks;
  notifier: SeatNotifier;
  paymentGateway: PaymentGateway;
  clock: Clock;
  ids: IdGenerator;
  /** Signs e-tickets and checks their codes; without it, e-tickets and boarding are not offered. */
  ticketSigner?: TicketSigner;
}

export interface BookingConfig {
  /** How long a customer's hold waits for payment (`DEFAULT_BOOKING_CONFIG`: `DEFAULT_HOLD_SECONDS`). */
  holdSeconds: number;
  /**
   * How long a seat hold keeps its seats before passenger names are given, and what one extension
   * adds (default `DEFAULT_SEAT_HOLD_SECONDS`).
   */
  seatHoldSeconds?: number;
  /** The currency of route prices and payments (`DEFAULT_BOOKING_CONFIG`: `DEFAULT_CURRENCY`). */
  currency: string;
  /** The most passengers one group booking may carry (default `DEFAULT_MAX_GROUP_SIZE`). */
  maxGroupSize?: number;
  /** Seat rules checked on every booking, in this order (default: none; see `seatPoliciesFrom`). */
  seatPolicies?: readonly SeatPolicy[];
  /**
   * The most unpaid seats one customer may hold at once, always checked after the seat rules
   * (default `DEFAULT_MAX_HELD_SEATS`).
   */
  maxHeldSeats?: number;
  /**
   * How long a payment's lock on its tickets lasts at most (default `DEFAULT_PAYMENT_LOCK_SECONDS`):
   * longer than the gateway may take to answer, short enough that a process that crashed mid-payment
   * frees them soon.
   */
  paymentLockSeconds?: number;
  /**
   * The fee a cancellation keeps of what was paid, by the time left before the segment departs
   * (default `DEFAULT_CANCELLATION_POLICY`, read with `parseCancellationPolicy`).
   */
  cancellationPolicy?: CancellationPolicy;
  /**
   * A passenger whose departure has moved by more than this many minutes, earlier or later, from
   * the one first announced cancels without a fee (default `DEFAULT_FREE_CANCEL_AFTER_DELAY_MINUTES`).
   */
  freeCancelAfterDelayMinutes?: number;
  /** Told about failures that are not the caller's (a notifier that threw); default: ignored. */
  onBackgroundError?: (error: unknown, context: string) => void;
}

// Each setting's default, written once: deployments (the reference server's environment) read these.
export const DEFAULT_HOLD_SECONDS = 600;
export const DEFAULT_SEAT_HOLD_SECONDS = 300;
export const DEFAULT_CURRENCY = 'EUR';
export const DEFAULT_MAX_GROUP_SIZE = 6;
export const DEFAULT_PAYMENT_LOCK_SECONDS = 120;
export const DEFAULT_FREE_CANCEL_AFTER_DELAY_MINUTES = 60;

export const DEFAULT_BOOKING_CONFIG: BookingConfig = {
  holdSeconds: DEFAULT_HOLD_SECONDS,
  seatHoldSeconds: DEFAULT_SEAT_HOLD_SECONDS,
  currency: DEFAULT_CURRENCY,
  maxGroupSize: DEFAULT_MAX_GROUP_SIZE,
  seatPolicies: [],
  maxHeldSeats: DEFAULT_MAX_HELD_SEATS,
};
