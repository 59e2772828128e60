import type { ServerError, ServerToClientEvents } from './protocol';
import type { SeatSocket } from './socket-types';

type AckCallback = (answer: object) => void;
type AnswerEvent = Exclude<
  keyof ServerToClientEvents,
  'seat_update' | 'route_update' | 'error' | 'resync_required' | 'ticket_update' | 'token_expired'
>;

/**
 * The answer to one client message: the named event plus `{ ok: true, ... }` to the
 * acknowledgement, or `error` plus `{ ok: false, error }`. Answers once.
 */
export class Reply {
  private answered = false;

  constructor(
    private readonly socket: SeatSocket,
    private readonly ack: AckCallback | undefined,
  ) {}

  /** Splits a raw message's arguments into its payload and its acknowledgement callback. */
  static from(socket: SeatSocket, args: unknown[]): { message: unknown; reply: Reply } {
    const last = args[args.length - 1];
    const ack = typeof last === 'function' ? (last as AckCallback) : undefined;
    return { message: ack && args.length === 1 ? undefined : args[0], reply: new Reply(socket, ack) };
  }

  ok<E extends AnswerEvent>(event: E, payload: Parameters<ServerToClientEvents[E]>[0]): void {
    if (this.answered) return;
    this.answered = true;
    // The typed emit needs the event and payload to match, which the signature above guarantees.
    (this.socket.emit as (event: E, payload: object) => boolean)(event, payload);
    this.ack?.({ ok: true, ...payload });
  }

  fail(error: ServerError): void {
    if (this.answered) return;
    this.answered = true;
    this.socket.emit('error', error);
    this.ack?.({ ok: false, error });
  }
}
