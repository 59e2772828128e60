import type {
  NewScheduleJson,
  ScheduleCreatedJson,
  ScheduleJson,
  ScheduleRemovalJson,
} from '@booking/protocol';
import { clockedCall, type TokenSource } from './rest';
import type { ServerClock } from './server-clock';

/** Timetables, through the REST API (admins; agents may read them). */
export interface ScheduleApi {
  /**
   * `POST /schedules`: one route per matching local day and time in `timeZone`. The same body again
   * answers the same schedule (`created: false`) and makes no departure twice.
   */
  createSchedule(schedule: NewScheduleJson): Promise<ScheduleCreatedJson>;
  /** `GET /schedules`: every timetable, oldest first. */
  listSchedules(): Promise<{ schedules: ScheduleJson[] }>;
  /** `GET /schedules/:id`: one timetable and the routes it made. */
  getSchedule(scheduleId: string): Promise<ScheduleJson>;
  /** `DELETE /schedules/:id`: its future routes nobody bought or held go (`removed`), the others stay (`kept`). */
  deleteSchedule(scheduleId: string): Promise<ScheduleRemovalJson>;
}

/** The timetable calls of a client of `baseUrl`; each answer's `Date` sets `clock`. */
export function scheduleApi(
  baseUrl: string,
  token: TokenSource | undefined,
  clock: ServerClock,
): ScheduleApi {
  const call = clockedCall(baseUrl, token, clock);
  const path = (scheduleId: string) => `/schedules/${encodeURIComponent(scheduleId)}`;
  return {
    createSchedule: (schedule) => call('POST', '/schedules', schedule),
    listSchedules: () => call('GET', '/schedules'),
    getSchedule: (scheduleId) => call('GET', path(scheduleId)),
    deleteSchedule: (scheduleId) => call('DELETE', path(scheduleId)),
  };
}
