import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import type { Actor } from '../domain/actor';
import { errors, type DomainError } from '../domain/errors';
import { buildSchedule, scheduleDepartures, type NewSchedule, type Schedule } from '../domain/schedule';
import type { Clock } from '../ports/clock.port';
import type { IdGenerator } from '../ports/id-generator.port';
import type { IdempotencyStore } from '../ports/idempotency-store.port';
import type { RouteRepository } from '../ports/route-repository.port';
import type { ScheduleRepository } from '../ports/schedule-repository.port';
import type { TimeZoneCalendar } from '../ports/time-zone-calendar.port';
import type { UnitOfWork } from '../ports/unit-of-work.port';
import { storedAnswer, type IdempotencyInput, type ScopedKey } from './idempotency';

/** A schedule as told: its definition, and the routes it made (and still has), by departure. */
export type ScheduleView = Omit<Schedule, 'key' | 'lineKey'> & { routeIds: string[] };

/** What `create` did: the schedule, whether it is new, and the departures of its line it left alone. */
export interface ScheduleCreated {
  schedule: ScheduleView;
  created: boolean;
  /** Routes another schedule of the same line had already made at one of its times. */
  alreadyScheduled: string[];
}

/** What deleting a schedule did with its routes. */
export interface ScheduleRemoval {
  scheduleId: string;
  /** Deleted: future departures nobody had bought or held. */
  removed: string[];
  /** Kept: departed already, or a ticket was sold or a hold is active on them. */
  kept: string[];
}

export const MAX_SCHEDULES_LISTED = 500;

export interface SchedulePorts {
  schedules: ScheduleRepository;
  /** The routes the services read: a cache among them forgets a route a schedule deleted. */
  routes: Pick<RouteRepository, 'forget'>;
  timeZones: TimeZoneCalendar;
  idempotency: IdempotencyStore;
  unitOfWork: UnitOfWork;
  clock: Clock;
  ids: IdGenerator;
}

/** Timetables: an admin makes a date range's departures from local times in a time zone. */
export class ScheduleService {
  constructor(private readonly ports: SchedulePorts) {}

  /**
   * Makes the schedule's departures, one route each. The same definition posted again finds the
   * schedule it made and adds only what is missing; a departure its line already has at an instant
   * (another schedule's) is left to that schedule. Nothing is created when any local time does not
   * exist in the zone. With an idempotency key, a repeat answers the first answer, as it was.
   */
  create(
    actor: Actor,
    input: NewSchedule,
    idempotency?: IdempotencyInput,
  ): ResultAsync<ScheduleCreated, DomainError> {
    if (actor.role !== 'admin') return errAsync(errors.forbidden('Only an admin may make timetables.'));
    const key: ScopedKey | undefined = idempotency && { ...idempotency, scope: `schedule:${actor.userId}` };
    const { idempotency: store, clock } = this.ports;
    return storedAnswer<ScheduleCreated>(store, key).andThen((stored) => {
      if (stored) return okAsync(stored.answer);
      return this.make(input).andThen((answer) => {
        if (!key) return okAsync(answer);
        const record = { ...key, response: answer, createdAt: clock.now().toISOString() };
        // A twin that recorded first made the same schedule: its answer is the first one.
        return store
          .insert(record)
          .map(() => answer)
          .orElse((error) =>
            error.kind === 'idempotency_key_taken'
              ? storedAnswer<ScheduleCreated>(store, key).map((again) => again?.answer ?? answer)
              : errAsync(error),
          );
      });
    });
  }

  private make(input: NewSchedule): ResultAsync<ScheduleCreated, DomainError> {
    const { clock, ids, timeZones, schedules } = this.ports;
    const now = clock.now().toISOString();
    const built = buildSchedule(input, ids.uuid(), now, timeZones);
    if (built.isErr()) return errAsync(built.error);
    const departures = scheduleDepartures(built.value, now, timeZones, () => ids.uuid());
    if (departures.isErr()) return errAsync(departures.error);
    return schedules.insertOrFind(built.value).andThen(({ schedule, created }) =>
      sequentially(
        departures.value.map(
          ({ route }) =>
            () =>
              schedules.addDeparture(schedule, route),
        ),
      ).andThen((added) =>
        this.view(schedule).map((view) => ({
          schedule: view,
          created,
          alreadyScheduled: added.filter((a) => a.scheduleId !== schedule.id).map((a) => a.routeId),
        })),
      ),
    );
  }

  get(actor: Actor, scheduleId: string): ResultAsync<ScheduleView, DomainError> {
    if (actor.role !== 'admin' && actor.role !== 'agent') return errAsync(errors.forbidden());
    return this.find(scheduleId).andThen((schedule) => this.view(schedule));
  }

  list(actor: Actor): ResultAsync<ScheduleView[], DomainError> {
    if (actor.role !== 'admin' && actor.role !== 'agent') return errAsync(errors.forbidden());
    return this.ports.schedules
      .list(MAX_SCHEDULES_LISTED)
      .andThen((found) => sequentially(found.map((schedule) => () => this.view(schedule))));
  }

  /**
   * Deletes the schedule and those of its routes that depart in the future with no ticket ever sold
   * and no active hold; the others stay (still departures of its line).
   */
  remove(actor: Actor, scheduleId: string): ResultAsync<ScheduleRemoval, DomainError> {
    if (actor.role !== 'admin') return errAsync(errors.forbidden('Only an admin may delete timetables.'));
    const { schedules, clock, unitOfWork } = this.ports;
    const now = clock.now().toISOString();
    return this.find(scheduleId)
      .andThen(() => schedules.departures(scheduleId))
      .andThen((departures) =>
        sequentially(
          departures.map(
            ({ routeId }) =>
              () =>
                // Under the route's lock, so no sale in flight lands on a route being deleted.
                unitOfWork
                  .run((tx) =>
                    tx.locks.route(routeId).andThen(() => tx.schedules.removeUnusedRoute(routeId, now)),
                  )
                  .map((removed) => {
                    if (removed) this.ports.routes.forget?.(routeId);
                    return { routeId, removed };
                  }),
          ),
        ),
      )
      .andThen((outcomes) =>
        schedules.delete(scheduleId).map(() => ({
          scheduleId,
          removed: outcomes.filter((o) => o.removed).map((o) => o.routeId),
          kept: outcomes.filter((o) => !o.removed).map((o) => o.routeId),
        })),
      );
  }

  private find(scheduleId: string): ResultAsync<Schedule, DomainError> {
    return this.ports.schedules
      .findById(scheduleId)
      .andThen((s) => (s ? okAsync(s) : errAsync(errors.scheduleNotFound(scheduleId))));
  }

  private view(schedule: Schedule): ResultAsync<ScheduleView, DomainError> {
    const { key: _key, lineKey: _lineKey, ...told } = schedule;
    return this.ports.schedules
      .departures(schedule.id)
      .map((departures) => ({ ...told, routeIds: departures.map((d) => d.routeId) }));
  }
}

/** Runs the steps one after the other (a year of departures is hundreds of writes: not all at once). */
function sequentially<T, E>(steps: (() => ResultAsync<T, E>)[]): ResultAsync<T[], E> {
  return steps.reduce<ResultAsync<T[], E>>(
    (done, step) => done.andThen((values) => step().map((value) => [...values, value])),
    okAsync([]),
  );
}
