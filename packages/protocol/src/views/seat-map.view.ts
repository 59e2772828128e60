import { GENDERS } from '@booking/core';
import { z } from 'zod';
import { idSchema } from '../rest/common.schemas';
import { departureSchema } from './route-update.view';

const SEAT_STATUSES_FOR_MAP = ['available', 'held', 'reserved', 'confirmed', 'suspended'] as const;

const seatMapEntrySchema = z.object({
  seatNumber: z.number().int(),
  status: z.enum(SEAT_STATUSES_FOR_MAP),
  gender: z.enum(GENDERS).optional(),
  deck: z.number().int().meta({ description: '1 is the lower (or only) deck.' }),
  row: z.number().int().meta({ description: 'From the front of the deck, from 1.' }),
  column: z.number().int().meta({ description: 'Left to right, from 1; the aisle follows the layout.' }),
  blocked: z
    .object({ rule: z.string(), message: z.string() })
    .optional()
    .meta({ description: 'Only with ?gender=: a seat rule refuses this free seat to that passenger.' }),
});

/**
 * Each seat of one segment as of a route event `sequence`: the answer of `GET /routes/{id}/seats`
 * and of `get_seat_availability`, and where a client starts applying `seat_update`s and `route_update`s.
 */
export const seatMapSchema = z
  .object({
    routeId: idSchema,
    sequence: z.number().int().meta({ description: 'The route event sequence this map is consistent with.' }),
    fromStopIndex: z.number().int().meta({ description: 'The segment the map describes.' }),
    toStopIndex: z.number().int(),
    seats: z.array(seatMapEntrySchema),
    // As of `sequence` or later: each later route_update replaces it.
    departure: departureSchema,
  })
  .meta({ id: 'SeatMap' });

export type SeatMapView = z.output<typeof seatMapSchema>;
export type SeatMapEntryView = z.output<typeof seatMapEntrySchema>;
export type SeatMapStatus = SeatMapEntryView['status'];
