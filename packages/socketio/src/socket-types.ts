import type { Actor } from '@booking/core';
import type { Namespace, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from './protocol';

/** What clients send is untrusted: handlers receive `unknown` and validate it. */
export type UntrustedClientEvents = { [E in keyof ClientToServerEvents]: (...args: unknown[]) => void };

// Kept serialisable: the Redis adapter ships it to other processes for `fetchSockets()`.
export interface SeatSocketData {
  actor?: Actor;
  /** When `actor` ends (its token's `exp`, ms since the epoch); absent if the token has none. */
  actorExpiresAtMs?: number;
}

export type NoServerSideEvents = Record<string, never>;
export type SeatsNamespace = Namespace<
  UntrustedClientEvents,
  ServerToClientEvents,
  NoServerSideEvents,
  SeatSocketData
>;
export type SeatSocket = Socket<
  UntrustedClientEvents,
  ServerToClientEvents,
  NoServerSideEvents,
  SeatSocketData
>;
