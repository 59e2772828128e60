import type { MigrationObject } from '@mikro-orm/core';
import { Migration20260101000000_initial } from './Migration20260101000000_initial';

/** Every committed migration, in order. Listed by hand so they load without file discovery. */
export const BOOKING_MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20260101000000_initial', class: Migration20260101000000_initial },
];
