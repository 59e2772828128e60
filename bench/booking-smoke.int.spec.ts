/** The booking benchmark in smoke mode, on PostgreSQL: it runs and its audit finds what the contract says. */
import { describe, expect, it } from '@jest/globals';
import { describeWithService } from '@booking/core/testing';
import { runBooking } from './benches/booking';
import { SMOKE } from './presets';

process.env.BENCH_FROM_SOURCE = '1';

describeWithService('DATABASE_URL', process.env, 'booking benchmark in smoke mode', (postgresUrl) => {
  describe('on a fresh PostgreSQL database', () => {
    it('books every uniform seat once, and the storm ends with no 5xx and no overlapping tickets', async () => {
      const options = SMOKE.booking;
      const report = await runBooking({ ...options, postgresUrl });
      expect(report.uniform.statuses).toEqual({ '201': options.bookings });
      expect(report.uniform.bookings).toBe(options.bookings);
      const storm = report.storm;
      expect(storm.attempts).toBeGreaterThan(0);
      expect(storm.successes).toBeGreaterThan(0);
      expect(storm.conflicts).toBeGreaterThan(0);
      expect(storm.serverErrors).toBe(0);
      expect(storm.successes + storm.conflicts).toBe(storm.attempts);
      expect(storm.overlaps).toBe(0);
      expect(storm.sequencesContiguous).toBe(true);
      expect(storm.events).toBeGreaterThanOrEqual(storm.successes);
    }, 120_000);
  });
});
