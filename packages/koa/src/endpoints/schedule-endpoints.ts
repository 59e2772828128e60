import type { ScheduleService } from '@booking/core';
import { scheduleOperations } from '@booking/protocol';
import { defineEndpoint, json, type Endpoint } from './endpoint';

/** Timetables: served when the deployment gives a `ScheduleService` (it needs a time-zone calendar). */
export function scheduleEndpoints(schedules: ScheduleService): Endpoint[] {
  return [
    defineEndpoint(scheduleOperations.createSchedule, ({ actor, body, idempotency }) =>
      schedules.create(actor, body, idempotency).map((answer) => {
        const { schedule, created, alreadyScheduled } = answer;
        return json(created ? 201 : 200, { ...schedule, created, alreadyScheduled });
      }),
    ),
    defineEndpoint(scheduleOperations.listSchedules, ({ actor }) =>
      schedules.list(actor).map((found) => json(200, { schedules: found })),
    ),
    defineEndpoint(scheduleOperations.getSchedule, ({ actor, params }) =>
      schedules.get(actor, params.scheduleId).map((schedule) => json(200, schedule)),
    ),
    defineEndpoint(scheduleOperations.deleteSchedule, ({ actor, params }) =>
      schedules.remove(actor, params.scheduleId).map((removal) => json(200, removal)),
    ),
  ];
}
