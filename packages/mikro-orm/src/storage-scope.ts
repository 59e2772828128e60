import type { TransactionScope } from '@booking/core';
import { MikroOrmBoardingRepository } from './repositories/boarding-repository';
import { MikroOrmBookingLocks } from './repositories/booking-locks';
import { MikroOrmHistoryLog } from './repositories/history-log';
import { MikroOrmHoldRepository } from './repositories/hold-repository';
import { MikroOrmIdempotencyStore } from './repositories/idempotency-store';
import { MikroOrmPaymentRepository } from './repositories/payment-repository';
import { MikroOrmRouteRepository } from './repositories/route-repository';
import { MikroOrmScheduleRepository } from './repositories/schedule-repository';
import { MikroOrmSeatEventLog } from './repositories/seat-event-log';
import { MikroOrmTicketRepository } from './repositories/ticket-repository';
import type { Sql } from './sql';

/** Every repository over one `Sql`: the pool, or one transaction. */
export function storageScope(sql: Sql): TransactionScope {
  return {
    routes: new MikroOrmRouteRepository(sql),
    tickets: new MikroOrmTicketRepository(sql),
    holds: new MikroOrmHoldRepository(sql),
    events: new MikroOrmSeatEventLog(sql),
    payments: new MikroOrmPaymentRepository(sql),
    idempotency: new MikroOrmIdempotencyStore(sql),
    history: new MikroOrmHistoryLog(sql),
    boardings: new MikroOrmBoardingRepository(sql),
    schedules: new MikroOrmScheduleRepository(sql),
    locks: new MikroOrmBookingLocks(sql),
  };
}
