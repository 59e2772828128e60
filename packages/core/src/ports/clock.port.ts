/** The time source. Services never read the system clock directly, so tests can move time. */
export interface Clock {
  now(): Date;
}
