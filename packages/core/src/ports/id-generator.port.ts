export interface IdGenerator {
  /** A new UUID for routes, tickets and payments. */
  uuid(): string;
  /** A booking reference: unique, at least 8 characters from a cryptographic random source. */
  pnr(): string;
}
