import { boardingOperations } from './boarding.operations';
import { holdOperations } from './hold.operations';
import { manifestOperations } from './manifest.operations';
import { paymentOperations } from './payment.operations';
import { reportOperations } from './report.operations';
import { routeOperations } from './route.operations';
import { scheduleOperations } from './schedule.operations';
import { systemOperations } from './system.operations';
import { ticketChangeOperations } from './ticket-change.operations';
import { ticketOperations } from './ticket.operations';

/** Every REST operation, in the order the OpenAPI document lists them. */
export const REST_OPERATIONS = [
  ...Object.values(routeOperations),
  ...Object.values(scheduleOperations),
  ...Object.values(holdOperations),
  ...Object.values(ticketOperations),
  ...Object.values(ticketChangeOperations),
  ...Object.values(paymentOperations),
  ...Object.values(reportOperations),
  ...Object.values(boardingOperations),
  ...Object.values(manifestOperations),
  ...Object.values(systemOperations),
];
