import type { HoldJson, TicketView } from '@booking/protocol';
import { startCountdown } from './hold-countdown';
import { clockedCall, type TokenSource } from './rest';
import type { ServerClock } from './server-clock';

/** Where the server should put seats it chooses; none of these is required. */
export interface SeatPreferences {
  /** Side by side in one row, else in consecutive rows, else apart. */
  together?: boolean;
  position?: 'window' | 'aisle';
  /** 1 is the lower (or only) deck. */
  deck?: number;
  /** Leaves out seats the server's seat rules would refuse this passenger. */
  gender?: TicketView['gender'];
}

/** `POST /holds`: the named seats, or `quantity` seats the server chooses; on a segment when given. */
export type HoldRequest = { routeId: string; fromCity?: string; toCity?: string } & (
  { seatNumbers: number[] } | { quantity: number; preferences?: SeatPreferences }
);

/** One passenger for one held seat. */
export interface HoldPassenger {
  seatNumber: number;
  passengerName: string;
  gender: TicketView['gender'];
  phone?: string;
}

/** What booking a hold gives: one PNR, a ticket per seat. */
export interface HoldBooking {
  pnrNumber: string;
  tickets: TicketView[];
}

export interface HoldApi {
  /** Holds seats at once for the server's hold time (all or none). */
  hold(request: HoldRequest): Promise<HoldJson>;
  getHold(holdId: string): Promise<HoldJson>;
  /** The full hold time again from now; once per hold (again: `hold_not_extendable`). */
  extendHold(holdId: string): Promise<HoldJson>;
  /** Lets the seats go now; answers the hold with status `released`. */
  releaseHold(holdId: string): Promise<HoldJson>;
  /** Names a passenger for each held seat, exactly the hold's seats: the hold becomes tickets. */
  bookHold(holdId: string, passengers: HoldPassenger[]): Promise<HoldBooking>;
  /**
   * Calls `onTick` with the seconds left on the hold now and each time the number changes, down to
   * 0, by the server's clock. Returns "stop".
   */
  countdown(hold: Pick<HoldJson, 'expiresAt'>, onTick: (secondsLeft: number) => void): () => void;
}

/** The hold calls of a client of `baseUrl`; each answer's `Date` sets `clock`. */
export function holdApi(baseUrl: string, token: TokenSource | undefined, clock: ServerClock): HoldApi {
  const call = clockedCall(baseUrl, token, clock);
  const holdPath = (holdId: string) => `/holds/${encodeURIComponent(holdId)}`;
  return {
    hold: (request) => call('POST', '/holds', request),
    getHold: (holdId) => call('GET', holdPath(holdId)),
    extendHold: (holdId) => call('POST', `${holdPath(holdId)}/extend`),
    releaseHold: (holdId) => call('DELETE', holdPath(holdId)),
    bookHold: (holdId, passengers) => call('POST', '/tickets', { holdId, passengers }),
    countdown: (hold, onTick) => startCountdown(hold.expiresAt, onTick, { now: () => clock.now() }),
  };
}
