import type { MigrationObject } from '@mikro-orm/core';
import { Migration20260101000000_initial } from './Migration20260101000000_initial';
import { Migration20260301000000_seat_rules } from './Migration20260301000000_seat_rules';
import { Migration20260401000000_payment_locks } from './Migration20260401000000_payment_locks';
import { Migration20260401000001_keyed_fingerprints } from './Migration20260401000001_keyed_fingerprints';
import { Migration20260501000000_seat_holds } from './Migration20260501000000_seat_holds';
import { Migration20260601000000_payment_ledger } from './Migration20260601000000_payment_ledger';
import { Migration20260701000000_passenger_email } from './Migration20260701000000_passenger_email';
import { Migration20260701000001_refunding_attempts } from './Migration20260701000001_refunding_attempts';
import { Migration20260801000000_changes_after_sale } from './Migration20260801000000_changes_after_sale';
import { Migration20260901000000_sold_departure_and_transfers } from './Migration20260901000000_sold_departure_and_transfers';
import { Migration20261101000000_boardings } from './Migration20261101000000_boardings';
import { Migration20261201000000_schedules } from './Migration20261201000000_schedules';

/** Every committed migration, in order. Listed by hand so they load without file discovery. */
export const BOOKING_MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20260101000000_initial', class: Migration20260101000000_initial },
  { name: 'Migration20260301000000_seat_rules', class: Migration20260301000000_seat_rules },
  { name: 'Migration20260401000000_payment_locks', class: Migration20260401000000_payment_locks },
  {
    name: 'Migration20260401000001_keyed_fingerprints',
    class: Migration20260401000001_keyed_fingerprints,
  },
  { name: 'Migration20260501000000_seat_holds', class: Migration20260501000000_seat_holds },
  { name: 'Migration20260601000000_payment_ledger', class: Migration20260601000000_payment_ledger },
  { name: 'Migration20260701000000_passenger_email', class: Migration20260701000000_passenger_email },
  { name: 'Migration20260701000001_refunding_attempts', class: Migration20260701000001_refunding_attempts },
  { name: 'Migration20260801000000_changes_after_sale', class: Migration20260801000000_changes_after_sale },
  {
    name: 'Migration20260901000000_sold_departure_and_transfers',
    class: Migration20260901000000_sold_departure_and_transfers,
  },
  { name: 'Migration20261101000000_boardings', class: Migration20261101000000_boardings },
  { name: 'Migration20261201000000_schedules', class: Migration20261201000000_schedules },
];
