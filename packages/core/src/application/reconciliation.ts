import { err, errAsync, okAsync, Result, ResultAsync } from 'neverthrow';
import { hasDeparted } from '../domain/departure';
import { errors, type DomainError } from '../domain/errors';
import { SYSTEM } from '../domain/history';
import type { PaymentAttempt } from '../domain/ledger';
import { transition, type Transitioned } from '../domain/lifecycle';
import { addSeconds } from '../domain/time';
import type { Charge } from '../ports/payment-gateway.port';
import { DEFAULT_PAYMENT_LOCK_SECONDS, type BookingConfig, type BookingPorts } from './booking-ports';
import type { CommandPipeline } from './command-pipeline';
import { recordConfirmed, withCharge, type PaymentAttempts } from './payment-attempts';
import type { Refunds } from './refunds';
import { routesById } from './route-lookup';

/** What one round of reconciliation settled. */
export interface ReconciliationReport {
  /** Attempts charged whose tickets were still held for them: now confirmed. */
  confirmed: number;
  /** Attempts charged whose tickets were not, and attempts already `refunding`: the charge sent back. */
  refunded: number;
  /** Attempts the gateway never charged. */
  failed: number;
  /** Pending refunds sent again. */
  refundsRetried: number;
}

/**
 * Settles what a crash or a lost answer left open, one attempt at a time under its tickets' payment
 * lock. An attempt still `pending` after the payment lock's lease is looked up at the gateway by its
 * idempotency key: never charged, it failed; charged and already refunded, it was refunded; charged,
 * its tickets are confirmed if their seats are still held for them (reserved, not departed), and
 * otherwise the charge is refunded in full. An attempt left `refunding` is refunded again (the
 * gateway refunds one key once). Then refunds the gateway has not confirmed are sent again.
 * No money without a seat, no seat without money.
 */
export class Reconciliation {
  constructor(
    private readonly ports: BookingPorts,
    private readonly config: Pick<BookingConfig, 'paymentLockSeconds' | 'onBackgroundError'>,
    private readonly pipeline: CommandPipeline,
    private readonly attempts: PaymentAttempts,
    private readonly refunds: Pick<Refunds, 'sendPending'>,
  ) {}

  run(now?: Date, batchSize = 50): ResultAsync<ReconciliationReport, DomainError> {
    const at = (now ?? this.ports.clock.now()).toISOString();
    const lease = this.config.paymentLockSeconds ?? DEFAULT_PAYMENT_LOCK_SECONDS;
    const settledBefore = addSeconds(at, -lease);
    const report: ReconciliationReport = { confirmed: 0, refunded: 0, failed: 0, refundsRetried: 0 };
    return this.ports.payments
      .findPendingAttempts(settledBefore, batchSize)
      .andThen((pending) =>
        // One at a time: each may write, and the gateway is asked about each.
        pending.reduce(
          (chain, attempt) => chain.andThen(() => this.settle(attempt, report)),
          okAsync<void, DomainError>(undefined),
        ),
      )
      .andThen(() => this.refunds.sendPending(settledBefore, batchSize))
      .map((retried) => ({ ...report, refundsRetried: retried }));
  }

  /**
   * One attempt, holding the payment lock of its tickets (a live payment of any of them holds it:
   * the attempt waits for the next round), so no request charges or confirms them meanwhile.
   */
  private settle(attempt: PaymentAttempt, report: ReconciliationReport): ResultAsync<void, DomainError> {
    const now = this.ports.clock.now().toISOString();
    const lease = this.config.paymentLockSeconds ?? DEFAULT_PAYMENT_LOCK_SECONDS;
    const claim = { attemptId: attempt.id, ticketIds: attempt.ticketIds, expiresAt: addSeconds(now, lease) };
    return this.ports.paymentLocks.acquire(claim, now).andThen((acquired) => {
      if (!acquired) return okAsync(undefined);
      const settled = async () => {
        try {
          return await this.settleLocked(attempt, report);
        } finally {
          await this.ports.paymentLocks.release(claim);
        }
      };
      return new ResultAsync(settled());
    });
  }

  private settleLocked(
    attempt: PaymentAttempt,
    report: ReconciliationReport,
  ): ResultAsync<void, DomainError> {
    if (attempt.status === 'refunding') {
      report.refunded++;
      return ResultAsync.fromSafePromise(this.attempts.sendRefund(attempt));
    }
    return (
      this.ports.paymentGateway
        .findCharge(attempt.id)
        // The gateway cannot say now (null): the next round asks again.
        .orElse((error) => {
          this.config.onBackgroundError?.(error, `reconciliation of payment ${attempt.id}`);
          return okAsync<Charge | undefined | null, never>(null);
        })
        .andThen((charge): ResultAsync<void, DomainError> => {
          if (charge === null) return okAsync(undefined);
          if (charge === undefined) {
            report.failed++;
            return this.attempts.settle(attempt, 'failed');
          }
          if (charge.refundedCents > 0) {
            // Given back already (a refund whose record was lost): the seats were never paid for.
            report.refunded++;
            return this.attempts.settle(attempt, 'refunded');
          }
          const charged = withCharge(attempt, charge);
          return this.confirm(charged)
            .map(() => {
              report.confirmed++;
            })
            .orElse((error) => {
              if (error.kind === 'persistence_unavailable') return errAsync(error);
              report.refunded++;
              return ResultAsync.fromSafePromise(this.attempts.refundInFull({ attempt: charged, charge }));
            });
        })
    );
  }

  /** Confirms the attempt's tickets and records the charge, if their seats are still held for them. */
  private confirm(charged: PaymentAttempt): ResultAsync<unknown, DomainError> {
    const now = this.ports.clock.now().toISOString();
    return this.pipeline.run({
      prepare: () => this.stillHeld(charged, now),
      transaction: (tx, paid) =>
        recordConfirmed(tx, charged, paid, this.ports, SYSTEM).map((saved) => ({
          ...saved,
          answer: saved.attempt,
        })),
    });
  }

  /** Each ticket of the attempt, paid: only while it is still reserved and its segment has not left. */
  private stillHeld(attempt: PaymentAttempt, now: string): ResultAsync<Transitioned[], DomainError> {
    return ResultAsync.combine(attempt.ticketIds.map((id) => this.ports.tickets.findById(id))).andThen(
      (tickets) =>
        routesById(
          this.ports.routes,
          tickets.flatMap((t) => (t ? [t.routeId] : [])),
        ).andThen((routes) =>
          Result.combine(
            tickets.map((ticket, i): Result<Transitioned, DomainError> => {
              if (!ticket) return err(errors.ticketNotFound(attempt.ticketIds[i] as string));
              const route = routes.get(ticket.routeId);
              if (!route || hasDeparted(route, ticket, now)) return err(errors.routeDeparted(ticket.routeId));
              return transition(ticket, 'pay', now);
            }),
          ),
        ),
    );
  }
}
