import { okAsync, ResultAsync } from 'neverthrow';
import {
  cancellationFee,
  DEFAULT_CANCELLATION_POLICY,
  parseCancellationPolicy,
} from '../domain/cancellation-policy';
import { segmentDepartsAt, type DepartureTimes } from '../domain/departure';
import { movedMoreThan } from '../domain/departure-change';
import type { DomainError } from '../domain/errors';
import { balanceOf, type LedgerEntry } from '../domain/ledger';
import { chargeShares, refundEntry, splitRefund } from '../domain/ledger-shares';
import { fromCents, toCents } from '../domain/money';
import type { Ticket } from '../domain/ticket';
import type { Instant } from '../domain/time';
import type { TransactionScope } from '../ports/unit-of-work.port';
import {
  DEFAULT_FREE_CANCEL_AFTER_DELAY_MINUTES,
  type BookingConfig,
  type BookingPorts,
} from './booking-ports';

/** What a cancellation gives back: the refund, and the fee the policy kept. */
export interface RefundSummary {
  amount: number;
  fee: number;
  currency: string;
}

/** A cancelled ticket as the cancel answers it: with its refund when it had been paid for. */
export type CancelledTicket = Ticket & { refund?: RefundSummary };

const DEFAULT_POLICY = parseCancellationPolicy(DEFAULT_CANCELLATION_POLICY)._unsafeUnwrap();

/**
 * Refunds of cancelled tickets. The refund is written to the ledger as `pending` in the cancel's
 * own unit of work, and sent to the gateway after the commit under the entry's id as idempotency
 * key; one the gateway did not confirm (an outage, or a refusal) stays `pending` and is sent again
 * by reconciliation until it succeeds: a refund is never dropped.
 */
export class Refunds {
  constructor(
    private readonly ports: Pick<BookingPorts, 'payments' | 'paymentGateway' | 'clock' | 'ids'>,
    private readonly config: Pick<
      BookingConfig,
      'cancellationPolicy' | 'currency' | 'onBackgroundError' | 'freeCancelAfterDelayMinutes'
    >,
  ) {}

  /**
   * In the cancel's unit of work: what is left of the ticket's payment, minus the policy's fee for
   * the time before its segment departs (none when `waiveFee`, nor when its segment now departs more
   * than `freeCancelAfterDelayMinutes` away from the departure the ticket was sold for). `route` is
   * read in the same unit of work, so the fee follows the departure as it stands. Nothing for a
   * ticket never paid for.
   */
  record(
    tx: TransactionScope,
    ticket: Ticket,
    route: DepartureTimes,
    now: Instant,
    waiveFee: boolean,
  ): ResultAsync<RefundSummary | undefined, DomainError> {
    return tx.payments.entriesOf(ticket.id).andThen((entries) => {
      const charge = entries.find((e) => e.kind === 'charge' && e.status === 'succeeded');
      const { paid, refunded, fees } = balanceOf(entries);
      // Never more than the ticket's own price, even where one entry records a whole group's charge.
      const left = Math.min(paid, toCents(ticket.price)) - refunded - fees;
      if (!charge || left <= 0) return okAsync(undefined);
      const msBefore = Date.parse(segmentDepartsAt(route, ticket)) - Date.parse(now);
      const policy = this.config.cancellationPolicy ?? DEFAULT_POLICY;
      const delay = this.config.freeCancelAfterDelayMinutes ?? DEFAULT_FREE_CANCEL_AFTER_DELAY_MINUTES;
      const free = waiveFee || movedMoreThan(route, ticket, delay);
      const { fee, refund } = cancellationFee(policy, left, msBefore, free);
      // One entry per card charge behind the ticket (an exchange to a dearer trip leaves two): the
      // refund from the oldest first, the fee from what is left, so no charge gives more than it took.
      const refunds = splitRefund(chargeShares(entries), refund, fee).map((part) =>
        refundEntry(part.charge, {
          id: this.ports.ids.uuid(),
          amountCents: part.refundCents,
          feeCents: part.feeCents,
          // Nothing to send when the fee keeps all of this charge's part.
          status: part.refundCents === 0 ? 'succeeded' : 'pending',
          now,
        }),
      );
      const summary = { amount: fromCents(refund), fee: fromCents(fee), currency: charge.currency };
      return tx.payments.insertEntries(refunds).map(() => summary);
    });
  }

  /**
   * After the commit: gives the money back. Until the gateway has done so the entry stays `pending`,
   * whatever went wrong (an outage, a refusal): each failure is reported to `onBackgroundError`, and
   * reconciliation sends it again in its next round, under the same idempotency key.
   */
  async send(entry: LedgerEntry): Promise<void> {
    if (entry.status !== 'pending') return;
    const refunded = await this.ports.paymentGateway.refund({
      chargeId: entry.chargeId,
      amountCents: entry.amountCents,
      currency: entry.currency,
      idempotencyKey: entry.id,
    });
    const now = this.ports.clock.now().toISOString();
    if (refunded.isErr()) {
      const context = `refund ${entry.id} of charge ${entry.chargeId} left pending`;
      this.config.onBackgroundError?.(refunded.error, context);
      // Tried now, so the next rounds try the others first; noted only while still pending, so a
      // process that lost the race never undoes another's success.
      const tried = await this.ports.payments.noteRefundTried(entry.id, now);
      if (tried.isErr()) this.config.onBackgroundError?.(tried.error, `refund ${entry.id} attempt not noted`);
      return;
    }
    const recorded = await this.ports.payments.updateEntry({ ...entry, status: 'succeeded', updatedAt: now });
    if (recorded.isErr()) {
      this.config.onBackgroundError?.(recorded.error, `refund ${entry.id} sent, its entry left pending`);
    }
  }

  /** Sends the ticket's pending refunds (after the cancel's commit). */
  async sendFor(ticketId: string): Promise<void> {
    const entries = await this.ports.payments.entriesOf(ticketId);
    if (entries.isErr())
      return this.config.onBackgroundError?.(entries.error, `refunds of ticket ${ticketId}`);
    await Promise.all(entries.value.filter((e) => e.kind === 'refund').map((entry) => this.send(entry)));
  }

  /** Sends again every refund still pending that was committed at or before `before`. */
  sendPending(before: Instant, limit: number): ResultAsync<number, DomainError> {
    return this.ports.payments
      .findPendingRefunds(before, limit)
      .andThen((pending) =>
        ResultAsync.fromSafePromise(Promise.all(pending.map((entry) => this.send(entry)))).map(
          () => pending.length,
        ),
      );
  }
}
