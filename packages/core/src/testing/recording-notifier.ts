import { isRouteUpdate, isSeatEvent, type RouteUpdateEvent } from '../domain/route-event';
import type { SeatEvent } from '../domain/seat-event';
import type { CommittedChange, SeatNotifier } from '../ports/seat-notifier.port';

/** Keeps every change it is told about; can be made to fail, to exercise the outbox relay. */
export class RecordingNotifier implements SeatNotifier {
  readonly changes: CommittedChange[] = [];
  failing = false;
  private readonly listeners = new Set<(change: CommittedChange) => void>();

  async notify(change: CommittedChange): Promise<void> {
    if (this.failing) throw new Error('notifier is failing (test switch)');
    this.changes.push(change);
    for (const listener of this.listeners) listener(change);
  }

  /** Every seat event told, in order. */
  get events(): SeatEvent[] {
    return this.changes.flatMap((c) => c.events.filter(isSeatEvent));
  }

  /** Every `route_update` told, in order. */
  get routeUpdates(): RouteUpdateEvent[] {
    return this.changes.flatMap((c) => c.events.filter(isRouteUpdate));
  }

  onChange(listener: (change: CommittedChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  clear(): void {
    this.changes.length = 0;
  }
}
