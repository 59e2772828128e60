import { defineOperation } from './operation';
import {
  newScheduleSchema,
  scheduleCreatedSchema,
  scheduleListSchema,
  scheduleParamsSchema,
  scheduleRemovalSchema,
  scheduleSchema,
} from './schedule.schemas';

export const scheduleOperations = {
  createSchedule: defineOperation({
    method: 'POST',
    path: '/schedules',
    operationId: 'createSchedule',
    summary:
      'Make a timetable: one route per matching local day and time in a time zone (at most 366 days). The same body again makes nothing new.',
    access: ['admin'],
    idempotent: true,
    body: newScheduleSchema,
    success: {
      status: 201,
      description: 'The schedule and its routes (200 when the same definition was posted before).',
      schema: scheduleCreatedSchema,
    },
    errors: ['validation_failed', 'idempotency_conflict', 'persistence_unavailable'],
  }),
  listSchedules: defineOperation({
    method: 'GET',
    path: '/schedules',
    operationId: 'listSchedules',
    summary: 'Every timetable, oldest first.',
    access: ['admin', 'agent'],
    success: { status: 200, description: 'The schedules.', schema: scheduleListSchema },
    errors: ['persistence_unavailable'],
  }),
  getSchedule: defineOperation({
    method: 'GET',
    path: '/schedules/:scheduleId',
    operationId: 'getSchedule',
    summary: 'One timetable and the routes it made.',
    access: ['admin', 'agent'],
    params: scheduleParamsSchema,
    success: { status: 200, description: 'The schedule.', schema: scheduleSchema },
    errors: ['schedule_not_found', 'persistence_unavailable'],
  }),
  deleteSchedule: defineOperation({
    method: 'DELETE',
    path: '/schedules/:scheduleId',
    operationId: 'deleteSchedule',
    summary: 'Delete a timetable: its future routes with no ticket and no active hold go, the others stay.',
    access: ['admin'],
    params: scheduleParamsSchema,
    success: { status: 200, description: 'What was removed and kept.', schema: scheduleRemovalSchema },
    errors: ['schedule_not_found', 'persistence_unavailable'],
  }),
};
