import { MAX_REPORT_DAYS } from '@booking/core';
import { z } from 'zod';
import { idSchema } from './common.schemas';

/** A calendar day, `YYYY-MM-DD`, that exists (2026-02-30 does not). */
export const daySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day written YYYY-MM-DD')
  .refine((day) => {
    const ms = Date.parse(`${day}T00:00:00.000Z`);
    return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === day;
  }, 'must be a day of the calendar');

export const salesReportQuerySchema = z.strictObject({
  from: daySchema.optional().meta({ description: 'The first day (UTC). Default: `to`.' }),
  to: daySchema
    .optional()
    .meta({ description: `The last day, included (UTC). Default: today. At most ${MAX_REPORT_DAYS} days.` }),
  routeId: idSchema.optional().meta({ description: 'Only this route.' }),
});

const moneyFields = {
  charges: z.number().meta({ description: 'Succeeded charges: what the payment provider charged.' }),
  refunds: z
    .number()
    .meta({ description: 'Refunds succeeded or on their way: what the provider gives back.' }),
  fees: z.number().meta({ description: 'Cancellation fees kept back from those refunds (already in net).' }),
  moved: z.number().meta({
    description:
      "Money exchanged tickets moved onto this route's tickets less what they moved off them (no money at the provider; 0 over all routes).",
  }),
  net: z.number().meta({ description: 'charges - refunds + moved.' }),
};

export const salesReportSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    currency: z.string(),
    lines: z
      .array(
        z.object({
          routeId: idSchema,
          day: z.string().meta({ description: 'YYYY-MM-DD (UTC), the day the money moved.' }),
          ...moneyFields,
        }),
      )
      .meta({ description: 'One per route and day with money moving, by day, then route.' }),
    totals: z.object(moneyFields).meta({ description: 'The sums of the lines, exact to the cent.' }),
  })
  .meta({ id: 'SalesReport' });

export type SalesReportJson = z.output<typeof salesReportSchema>;
export type SalesReportQuery = z.input<typeof salesReportQuerySchema>;
