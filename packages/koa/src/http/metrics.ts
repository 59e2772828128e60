import { Counter, Histogram, Registry, type Metric } from 'prom-client';

/** The REST adapter's Prometheus metrics, registered once per registry. */
export class RestMetrics {
  readonly requestDuration: Histogram<'method' | 'route' | 'status'>;
  readonly bookings: Counter<'status'>;
  readonly payments: Counter<'outcome'>;
  readonly errors: Counter<'code'>;

  constructor(readonly registry: Registry = new Registry()) {
    this.requestDuration = this.reuse(
      'booking_http_request_duration_seconds',
      (registers) =>
        new Histogram({
          name: 'booking_http_request_duration_seconds',
          help: 'REST request durations by route pattern and status.',
          labelNames: ['method', 'route', 'status'],
          buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
          registers,
        }),
    );
    this.bookings = this.reuse(
      'booking_tickets_created_total',
      (registers) =>
        new Counter({
          name: 'booking_tickets_created_total',
          help: 'Tickets created through REST, by the status they start in.',
          labelNames: ['status'],
          registers,
        }),
    );
    this.payments = this.reuse(
      'booking_payments_total',
      (registers) =>
        new Counter({
          name: 'booking_payments_total',
          help: 'Payment attempts through REST, by outcome (succeeded, or the error code).',
          labelNames: ['outcome'],
          registers,
        }),
    );
    this.errors = this.reuse(
      'booking_http_errors_total',
      (registers) =>
        new Counter({
          name: 'booking_http_errors_total',
          help: 'REST error answers by error code.',
          labelNames: ['code'],
          registers,
        }),
    );
  }

  /** Two APIs on one registry (or a second app in a test) share the metrics instead of clashing. */
  private reuse<M extends Metric>(name: string, make: (registers: Registry[]) => M): M {
    return (this.registry.getSingleMetric(name) as M | undefined) ?? make([this.registry]);
  }
}
