import { z } from 'zod';

export const healthSchema = z.object({ status: z.literal('ok') });

export const statsSchema = z
  .object({
    connections: z.number().int(),
    totalRoutes: z.number().int(),
    routeDetails: z.array(z.object({ routeId: z.string(), subscriberCount: z.number().int() })),
  })
  .meta({ id: 'Stats' });
