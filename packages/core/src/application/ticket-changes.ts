import type { ResultAsync } from 'neverthrow';
import type { Actor } from '../domain/actor';
import type { DomainError } from '../domain/errors';
import type { HistoryEntry } from '../domain/history';
import type { Ticket } from '../domain/ticket';
import type { BookingConfig, BookingPorts } from './booking-ports';
import type { CommandPipeline } from './command-pipeline';
import { Exchange, type ExchangeCommand, type ExchangeResult } from './exchange';
import type { IdempotencyInput } from './idempotency';
import type { Refunds } from './refunds';
import { SeatChange } from './seat-change';
import { SeatRules } from './seat-rules';
import { TicketCorrections } from './ticket-corrections';
import type { CorrectionInput } from './ticket-input';
import type { TicketService } from './ticket-service';

/**
 * Changes of a sold ticket: another seat, another departure, a corrected passenger; and its audit
 * trail. Each is one unit of work that writes the ticket, its events and its history together.
 */
export class TicketChanges {
  private readonly seats: SeatChange;
  private readonly exchanges: Exchange;
  private readonly corrections: TicketCorrections;

  constructor(
    ports: BookingPorts,
    config: Pick<
      BookingConfig,
      'seatPolicies' | 'maxHeldSeats' | 'currency' | 'paymentLockSeconds' | 'onBackgroundError'
    >,
    tickets: Pick<TicketService, 'get'>,
    pipeline: CommandPipeline,
    refunds: Pick<Refunds, 'sendFor'>,
  ) {
    const rules = new SeatRules(config);
    this.seats = new SeatChange(ports, rules, tickets, pipeline);
    this.exchanges = new Exchange(ports, config, rules, tickets, pipeline, refunds);
    this.corrections = new TicketCorrections(ports, pipeline);
  }

  /**
   * Moves a ticket to another seat of its segment (its owner before departure, agents, admins): the
   * same ticket, PNR and status. See `SeatChange`.
   */
  changeSeat(actor: Actor, ticketId: string, seatNumber: number): ResultAsync<Ticket, DomainError> {
    return this.seats.run(actor, ticketId, seatNumber);
  }

  /**
   * Exchanges a ticket for a seat on another departure (or segment): a new ticket, the old one
   * cancelled without a fee, the price difference charged to `card` or refunded. See `Exchange`.
   */
  exchange(
    actor: Actor,
    ticketId: string,
    command: ExchangeCommand,
    idempotency?: IdempotencyInput,
  ): ResultAsync<ExchangeResult, DomainError> {
    return this.exchanges.run(actor, ticketId, command, idempotency);
  }

  /** Corrects the passenger's name, phone or e-mail (agents, admins). See `TicketCorrections`. */
  correct(actor: Actor, ticketId: string, input: CorrectionInput): ResultAsync<Ticket, DomainError> {
    return this.corrections.correct(actor, ticketId, input);
  }

  /** A ticket's audit trail, oldest first (admins only). */
  history(actor: Actor, ticketId: string): ResultAsync<HistoryEntry[], DomainError> {
    return this.corrections.history(actor, ticketId);
  }
}
