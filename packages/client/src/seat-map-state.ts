import type {
  DepartureView,
  RouteRoomEvent,
  RouteUpdate,
  SeatMapEntryView,
  SeatMapStatus,
  SeatMapView,
  SeatUpdate,
} from '@booking/protocol';

type Segment = Pick<SeatMapView, 'fromStopIndex' | 'toStopIndex'>;

type Holding = {
  status: Exclude<SeatMapStatus, 'available'>;
  gender?: SeatMapEntryView['gender'];
  /** A seat hold's segment: a ticket overlapping it later took its place. */
  hold?: Segment;
};

/**
 * Who occupies a seat on the watched segment: tickets and seat holds seen in events (a hold's id
 * stands where a ticket's would), or `snapshot` (unknown ticket or hold).
 */
type Holders = Map<string, Holding>;
/** What does not change with bookings: the seat's number and, when the server sends it, its place in the bus. */
type SeatPlace = Omit<SeatMapEntryView, 'status' | 'gender'>;

const SNAPSHOT = 'snapshot';
const UNKNOWN_DEPARTURE: DepartureView = { status: 'scheduled', departureAt: '' };
/** A seat hold is weaker than any ticket: a ticket on another part of the segment shows instead. */
const FIRMNESS: Record<Holding['status'], number> = { held: 0, reserved: 1, suspended: 2, confirmed: 3 };
const HOLDING_STATUS: Partial<Record<SeatUpdate['eventType'], Holding['status']>> = {
  seat_held: 'held',
  seat_reserved: 'reserved',
  seat_confirmed: 'confirmed',
  seat_suspended: 'suspended',
};

export type ApplyOutcome =
  /** Applied, or already applied before (a duplicate). */
  | 'applied'
  | 'duplicate'
  /** A sequence is missing: replay from `sequence` before applying more. */
  | 'gap'
  /** The event's effect on this segment cannot be known from what the client holds: reload the snapshot. */
  | 'needs_snapshot';

/**
 * A route's seat map on one segment, and its departure, kept up to date from a snapshot and the
 * route's `seat_update`s and `route_update`s in their one sequence order. Two occupying tickets of one seat never overlap, so an event whose ticket spans the whole
 * watched segment tells exactly who holds the seat; anything less certain asks for a fresh snapshot.
 */
export class SeatMapState {
  private holders = new Map<number, Holders>();
  private places: SeatPlace[] = [];
  private segment: Segment = { fromStopIndex: 0, toStopIndex: 0 };
  /** The departure as of `sequence` (undefined before the first snapshot). */
  departure: DepartureView | undefined;
  sequence = 0;

  constructor(readonly routeId: string) {}

  get loaded(): boolean {
    return this.places.length > 0;
  }

  /** Replaces everything with the server's snapshot. */
  load(snapshot: SeatMapView): void {
    this.places = snapshot.seats.map(({ status: _status, gender: _gender, ...place }) => place);
    this.sequence = snapshot.sequence;
    this.segment = { fromStopIndex: snapshot.fromStopIndex, toStopIndex: snapshot.toStopIndex };
    this.departure = copyDeparture(snapshot.departure);
    this.holders = new Map();
    for (const seat of snapshot.seats) {
      if (seat.status === 'available') continue;
      this.holders.set(seat.seatNumber, new Map([[SNAPSHOT, { status: seat.status, gender: seat.gender }]]));
    }
  }

  apply(update: RouteRoomEvent): ApplyOutcome {
    if (update.routeId !== this.routeId || update.sequence <= this.sequence) return 'duplicate';
    if (update.sequence !== this.sequence + 1) return 'gap';
    if (update.eventType === 'route_update') {
      // It tells the whole departure as it is now: no seat changes with it.
      this.departure = copyDeparture(update);
    } else if (this.overlapsWatched(update)) {
      const outcome = this.applyToSeat(update);
      if (outcome === 'needs_snapshot') return outcome;
    }
    this.sequence = update.sequence;
    return 'applied';
  }

  /** The seat map as the server would answer it now. */
  seats(): SeatMapEntryView[] {
    return this.places.map((place) => {
      const firmest = [...(this.holders.get(place.seatNumber)?.values() ?? [])].sort(
        (a, b) => FIRMNESS[b.status] - FIRMNESS[a.status],
      )[0];
      return firmest
        ? { ...place, status: firmest.status, ...(firmest.gender ? { gender: firmest.gender } : {}) }
        : { ...place, status: 'available' };
    });
  }

  snapshot(): SeatMapView {
    return {
      routeId: this.routeId,
      sequence: this.sequence,
      ...this.segment,
      seats: this.seats(),
      // Before the first snapshot there is nothing to tell: no seats, and an empty departure time.
      departure: copyDeparture(this.departure ?? UNKNOWN_DEPARTURE),
    };
  }

  private applyToSeat(update: SeatUpdate): ApplyOutcome {
    const holders = this.holders.get(update.seatNumber) ?? new Map<string, Holding>();
    const spansWatched = this.spansWatched(update);
    const status = HOLDING_STATUS[update.eventType];
    if (status) {
      // A ticket spanning the watched segment is the only possible holder there.
      if (spansWatched) holders.clear();
      else if (status !== 'held' && !holders.has(update.ticketId)) {
        // A hold becomes tickets without an event of its own: the new ticket takes its place. The
        // snapshot's hold may be the one it replaced, or one on another part: unknown.
        if (holders.get(SNAPSHOT)?.status === 'held') return 'needs_snapshot';
        for (const [id, holder] of holders) {
          if (holder.hold && overlaps(holder.hold, update)) holders.delete(id);
        }
      }
      holders.set(update.ticketId, {
        status,
        gender: update.metadata.gender,
        ...(status === 'held' ? { hold: segmentOf(update) } : {}),
      });
    } else {
      const knew = holders.delete(update.ticketId);
      if (spansWatched) holders.clear();
      else if (!knew && holders.has(SNAPSHOT)) return 'needs_snapshot';
    }
    this.holders.set(update.seatNumber, holders);
    return 'applied';
  }

  private overlapsWatched(update: SeatUpdate): boolean {
    return overlaps(update, this.segment);
  }

  private spansWatched(update: SeatUpdate): boolean {
    return (
      update.fromStopIndex <= this.segment.fromStopIndex && update.toStopIndex >= this.segment.toStopIndex
    );
  }
}

/** Exactly the departure's fields, whether from a snapshot or a `route_update`. */
function copyDeparture(from: DepartureView | RouteUpdate): DepartureView {
  return {
    status: from.status,
    departureAt: from.departureAt,
    ...(from.stopTimes ? { stopTimes: [...from.stopTimes] } : {}),
    ...(from.reason !== undefined ? { reason: from.reason } : {}),
  };
}

function overlaps(a: Segment, b: Segment): boolean {
  return a.fromStopIndex < b.toStopIndex && b.fromStopIndex < a.toStopIndex;
}

function segmentOf({ fromStopIndex, toStopIndex }: Segment): Segment {
  return { fromStopIndex, toStopIndex };
}
