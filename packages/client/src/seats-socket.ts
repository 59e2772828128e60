import type { ClientToServerEvents, ProtocolError, ServerToClientEvents } from '@booking/protocol';
import type { Socket } from 'socket.io-client';

export type SeatsSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

type Request<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[0];
type Answer<E extends keyof ClientToServerEvents> =
  NonNullable<Parameters<ClientToServerEvents[E]>[1]> extends (answer: infer A) => void
    ? Exclude<A, { ok: false }>
    : never;

type AckAnswer = { ok: true } | { ok: false; error: ProtocolError };

export const DEFAULT_ACK_TIMEOUT_MS = 10_000;

/** Sends a message and waits for its acknowledgement; a refusal rejects with the `{ code, message }` error. */
export function request<E extends keyof ClientToServerEvents>(
  socket: SeatsSocket,
  event: E,
  message: Request<E>,
  timeoutMs = DEFAULT_ACK_TIMEOUT_MS,
): Promise<Answer<E>> {
  return new Promise((resolve, reject) => {
    // socket.io's typings cannot express "the ack of event E" through timeout(); the shapes are checked above.
    const timed = socket.timeout(timeoutMs) as unknown as {
      emit(event: E, message: Request<E>, ack: (timeout: Error | null, answer: AckAnswer) => void): void;
    };
    timed.emit(event, message, (timeout, answer) => {
      if (timeout)
        reject({ code: 'timeout', message: `No answer to ${String(event)} within ${timeoutMs} ms` });
      else if (answer.ok) resolve(answer as Answer<E>);
      else reject(answer.error);
    });
  });
}
