import { errAsync, okAsync, ResultAsync } from 'neverthrow';
import { mayBoard, type Actor } from '../domain/actor';
import {
  checkBoardable,
  checkHasETicket,
  eticketClaims,
  type Boarding,
  type BoardingSource,
  type ETicketClaims,
} from '../domain/boarding';
import { errors, type DomainError } from '../domain/errors';
import type { Ticket } from '../domain/ticket';
import { toInstant, type Instant } from '../domain/time';
import type { RecordedBoarding } from '../ports/boarding-repository.port';
import type { PublicJwk, TicketSigner } from '../ports/ticket-signer.port';
import type { BookingPorts } from './booking-ports';
import type { TicketService } from './ticket-service';

/** The most scans one offline batch may carry. */
export const MAX_BOARDING_BATCH = 500;
/** An offline scan may be stamped this far ahead of the server's clock (scanners' clocks drift). */
export const SCAN_CLOCK_SKEW_SECONDS = 300;

export interface ETicket {
  ticket: Ticket;
  claims: ETicketClaims;
  /** The compact signed code, as the QR code carries it. */
  code: string;
}

export interface Boarded {
  ticket: Ticket;
  boardedAt: Instant;
}

export interface OfflineScan {
  code: string;
  scannedAt: Instant;
}

/** One scan's outcome in a batch, in the order the scans were sent. */
export type ScanResult =
  | { status: 'ok'; ticket: Ticket; boardedAt: Instant }
  | { status: 'already_boarded'; ticketId: string; boardedAt: Instant; message: string }
  | { status: 'not_boardable'; ticketId: string; message: string }
  | { status: 'invalid_code'; message: string };

/** E-tickets and boarding: codes are checked by their signature, then against the ticket as it is now. */
export class BoardingService {
  constructor(
    private readonly ports: BookingPorts,
    private readonly tickets: TicketService,
  ) {}

  /** Whether e-tickets and boarding are on: the ports have a `ticketSigner`. */
  get offered(): boolean {
    return this.ports.ticketSigner !== undefined;
  }

  /** A paid ticket's signed code, for its owner, an agent or an admin (never a driver). */
  eticket(actor: Actor, ticketId: string): ResultAsync<ETicket, DomainError> {
    if (actor.role === 'driver') return errAsync(errors.forbidden());
    const signer = this.signer();
    return this.tickets.get(actor, ticketId).andThen((ticket) =>
      this.routeOf(ticket)
        .andThen((route) => checkHasETicket(ticket, route).map(() => eticketClaims(ticket, route)))
        .andThen((claims) =>
          ResultAsync.fromSafePromise(signer.sign(claims)).map((code) => ({ ticket, claims, code })),
        ),
    );
  }

  /** The public keys a scanner needs to check codes offline: every accepted one, with its `kid`. */
  jwks(): { keys: PublicJwk[] } {
    return this.signer().jwks();
  }

  /** A live scan: boards the ticket now, once; a second scan answers `already_boarded` with the first time. */
  board(actor: Actor, code: string): ResultAsync<Boarded, DomainError> {
    if (!mayBoard(actor)) return errAsync(errors.forbidden());
    const now = toInstant(this.ports.clock.now());
    return this.scan(actor, code, now, 'live').andThen(({ ticket, recorded }) =>
      recorded.recorded
        ? okAsync({ ticket, boardedAt: recorded.boarding.boardedAt })
        : errAsync(errors.alreadyBoarded(ticket.id, recorded.boarding.boardedAt)),
    );
  }

  /**
   * What an offline scanner kept. The earliest scan of a ticket wins: scans are applied from the
   * earliest `scannedAt`, and one earlier than a boarding already stored moves that boarding back to
   * it. Each scan answers for itself; the results come in the order the scans were sent.
   */
  boardBatch(actor: Actor, scans: readonly OfflineScan[]): ResultAsync<ScanResult[], DomainError> {
    if (!mayBoard(actor)) return errAsync(errors.forbidden());
    if (scans.length === 0 || scans.length > MAX_BOARDING_BATCH) {
      return errAsync(errors.validationFailed(`Send from 1 to ${MAX_BOARDING_BATCH} scans.`));
    }
    const latest = this.ports.clock.now().getTime() + SCAN_CLOCK_SKEW_SECONDS * 1000;
    if (scans.some((scan) => !(Date.parse(scan.scannedAt) <= latest))) {
      return errAsync(errors.validationFailed('A scan cannot be later than now.'));
    }
    const order = scans
      .map((scan, index) => ({ scan, index, at: Date.parse(scan.scannedAt) }))
      .sort((a, b) => a.at - b.at || a.index - b.index);
    const results: ScanResult[] = new Array<ScanResult>(scans.length);
    const applyAll = order.reduce<ResultAsync<void, DomainError>>(
      (previous, { scan, index }) =>
        previous.andThen(() =>
          this.offlineScan(actor, scan).map((result) => {
            results[index] = result;
          }),
        ),
      okAsync(undefined),
    );
    return applyAll.map(() => results);
  }

  private offlineScan(actor: Actor, scan: OfflineScan): ResultAsync<ScanResult, DomainError> {
    const scannedAt = toInstant(new Date(scan.scannedAt));
    return this.scan(actor, scan.code, scannedAt, 'offline')
      .map(({ ticket, recorded }): ScanResult => {
        const { boardedAt } = recorded.boarding;
        if (recorded.recorded) return { status: 'ok', ticket, boardedAt };
        const error = errors.alreadyBoarded(ticket.id, boardedAt);
        return { status: 'already_boarded', ticketId: ticket.id, boardedAt, message: error.message };
      })
      .orElse((error): ResultAsync<ScanResult, DomainError> => {
        if (error.kind === 'invalid_code') return okAsync({ status: 'invalid_code', message: error.message });
        if (error.kind === 'not_boardable') {
          return okAsync({ status: 'not_boardable', ticketId: error.ticketId, message: error.message });
        }
        return errAsync(error);
      });
  }

  /** Checks the code, then the ticket as it is now, and records the boarding in one unit of work. */
  private scan(
    actor: Actor,
    code: string,
    at: Instant,
    source: BoardingSource,
  ): ResultAsync<{ ticket: Ticket; recorded: RecordedBoarding }, DomainError> {
    return this.signer()
      .verify(code)
      .andThen((claims) =>
        this.ports.unitOfWork.run((tx) =>
          tx.tickets.findById(claims.ticketId).andThen((ticket) => {
            // A code names a ticket this server signed; one that is gone cannot board.
            if (!ticket) return errAsync(errors.notBoardable(claims.ticketId, 'it no longer exists'));
            return tx.routes
              .findById(ticket.routeId)
              .andThen((route) =>
                route ? okAsync(route) : errAsync(errors.notBoardable(ticket.id, 'its departure is gone')),
              )
              .andThen((route) => checkBoardable(claims, ticket, route, at))
              .andThen(() => {
                const boarding: Boarding = {
                  ticketId: ticket.id,
                  routeId: ticket.routeId,
                  boardedAt: at,
                  scannedBy: actor.userId,
                  source,
                };
                return source === 'live'
                  ? tx.boardings.record(boarding)
                  : tx.boardings.recordEarliest(boarding);
              })
              .map((recorded) => ({ ticket, recorded }));
          }),
        ),
      );
  }

  private routeOf(ticket: Ticket) {
    return this.ports.routes
      .findById(ticket.routeId)
      .andThen((route) => (route ? okAsync(route) : errAsync(errors.routeNotFound(ticket.routeId))));
  }

  private signer(): TicketSigner {
    // A deployment without keys offers no e-tickets: calling these is a wiring mistake, not a user's.
    if (!this.ports.ticketSigner) throw new Error('No TicketSigner: give BookingPorts a ticketSigner.');
    return this.ports.ticketSigner;
  }
}
