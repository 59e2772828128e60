import { errAsync, type ResultAsync } from 'neverthrow';
import { isStaff, type Actor } from '../domain/actor';
import { errors, type DomainError } from '../domain/errors';
import { salesReport, type SalesReport } from '../domain/sales-report';
import type { BookingConfig, BookingPorts } from './booking-ports';

export interface SalesQuery {
  /** First day, `YYYY-MM-DD` (UTC); default: `to`. */
  from?: string;
  /** Last day, included; default: today. */
  to?: string;
  routeId?: string;
}

/** The longest period one report covers, so one request cannot read the whole ledger. */
export const MAX_REPORT_DAYS = 366;
const DAY_MS = 86_400_000;

/** Reports for the people who run the business (agents and admins). */
export class ReportService {
  constructor(
    private readonly ports: Pick<BookingPorts, 'payments' | 'clock'>,
    private readonly config: Pick<BookingConfig, 'currency'>,
  ) {}

  /** Charges, refunds, fees and net per route and day, from the ledger. */
  sales(actor: Actor, query: SalesQuery): ResultAsync<SalesReport, DomainError> {
    if (!isStaff(actor)) return errAsync(errors.forbidden('Only an agent or admin may read sales reports.'));
    const today = this.ports.clock.now().toISOString().slice(0, 10);
    const to = query.to ?? today;
    const from = query.from ?? to;
    const [start, end] = [dayStart(from), dayStart(to)];
    if (start === undefined || end === undefined) {
      return errAsync(errors.validationFailed('from and to are days written YYYY-MM-DD.'));
    }
    if (end < start || (end - start) / DAY_MS >= MAX_REPORT_DAYS) {
      return errAsync(
        errors.validationFailed(`from is a day on or before to, at most ${MAX_REPORT_DAYS} days apart.`),
      );
    }
    const until = new Date(end + DAY_MS).toISOString();
    return this.ports.payments
      .entriesBetween(new Date(start).toISOString(), until, query.routeId)
      .map((entries) => salesReport(entries, { from, to }, this.config.currency));
  }
}

/** The first instant of a `YYYY-MM-DD` day (UTC), or undefined when it is not such a day. */
function dayStart(day: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const ms = Date.parse(`${day}T00:00:00.000Z`);
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day ? undefined : ms;
}
