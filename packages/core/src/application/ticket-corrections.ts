import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import { isStaff, type Actor } from '../domain/actor';
import { errors, type DomainError } from '../domain/errors';
import type { HistoryEntry } from '../domain/history';
import type { Ticket } from '../domain/ticket';
import { correctTicket } from '../domain/ticket-correction';
import type { BookingPorts } from './booking-ports';
import type { CommandPipeline } from './command-pipeline';
import { recordTicketChanges, staleAsInvalidTransition } from './saving';
import { checkCorrection, type CorrectionInput } from './ticket-input';

/** Staff's corrections of a ticket's passenger, and a ticket's audit trail. */
export class TicketCorrections {
  constructor(
    private readonly ports: Pick<BookingPorts, 'tickets' | 'history' | 'clock' | 'ids'>,
    private readonly pipeline: CommandPipeline,
  ) {}

  /**
   * Corrects the passenger's name, phone or e-mail (agents, admins), checked as at booking: the
   * ticket (version-checked) and a `correct` entry in the audit trail, with the reason if given, in
   * one unit of work; the owner hears of it (`ticket_update`). No seat event: the seat map does not
   * change. A correction that changes nothing writes nothing.
   */
  correct(actor: Actor, ticketId: string, input: CorrectionInput): ResultAsync<Ticket, DomainError> {
    if (!isStaff(actor)) return errAsync(errors.forbidden('Only an agent or admin may correct a ticket.'));
    const checked = checkCorrection(input);
    if (checked.isErr()) return errAsync(checked.error);
    const { reason, ...correction } = checked.value;
    const now = this.ports.clock.now().toISOString();
    return this.pipeline.run({
      prepare: () => this.find(ticketId),
      transaction: (tx, ticket) => {
        const corrected = correctTicket(ticket, correction, now);
        if (!corrected) return okAsync({ answer: ticket, events: [], tickets: [] });
        return tx.tickets
          .update(corrected)
          .mapErr(staleAsInvalidTransition(ticket.status, 'correct'))
          .andThen((saved) =>
            recordTicketChanges(tx, this.ports, actor, [
              { action: 'correct', before: ticket, after: saved, reason: reason ?? null },
            ]).map(() => ({ answer: saved, events: [], tickets: [saved] })),
          );
      },
    });
  }

  /** A ticket's audit trail, oldest first (admins only). */
  history(actor: Actor, ticketId: string): ResultAsync<HistoryEntry[], DomainError> {
    if (actor.role !== 'admin') return errAsync(errors.forbidden('Only an admin may read the history.'));
    return this.find(ticketId).andThen(() => this.ports.history.of('ticket', ticketId));
  }

  private find(ticketId: string): ResultAsync<Ticket, DomainError> {
    return this.ports.tickets
      .findById(ticketId)
      .andThen((ticket) => (ticket ? okAsync(ticket) : errAsync(errors.ticketNotFound(ticketId))));
  }
}
