import { EntitySchema } from '@mikro-orm/core';

/**
 * A row of `schedules`: a timetable's definition as the core keeps it (`definition`, JSON), its
 * `key` and `line_key` (the definition as text, with and without its dates), and the digest of the
 * key that makes one schedule per definition.
 */
export interface ScheduleRow {
  id: string;
  definition: unknown;
  key: string;
  lineKey: string;
  keyHash: string;
  createdAt: Date;
}

export const ScheduleEntity = new EntitySchema<ScheduleRow>({
  name: 'ScheduleRow',
  tableName: 'schedules',
  properties: {
    id: { type: 'uuid', primary: true },
    definition: { type: 'json' },
    key: { type: 'text' },
    lineKey: { type: 'text' },
    keyHash: { type: 'text', unique: 'schedules_key_hash_unique' },
    createdAt: { type: 'datetime', length: 3 },
  },
});

/**
 * A row of `schedule_departures`: the route a line's schedule made at one instant. The primary key
 * (the digest of the line, the instant) keeps one departure per line and instant; `schedule_id` is
 * null once its schedule was deleted. Its route goes with it (removed in the same statement), so
 * neither is a foreign key.
 */
export interface ScheduleDepartureRow {
  lineHash: string;
  departureAt: Date;
  routeId: string;
  scheduleId: string | null;
}

export const ScheduleDepartureEntity = new EntitySchema<ScheduleDepartureRow>({
  name: 'ScheduleDepartureRow',
  tableName: 'schedule_departures',
  properties: {
    lineHash: { type: 'text', primary: true },
    departureAt: { type: 'datetime', length: 3, primary: true },
    routeId: { type: 'uuid' },
    scheduleId: { type: 'uuid', nullable: true },
  },
  indexes: [
    { name: 'schedule_departures_schedule_index', properties: ['scheduleId', 'departureAt'] },
    { name: 'schedule_departures_route_index', properties: ['routeId'] },
  ],
});
