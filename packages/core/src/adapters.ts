import type { Clock } from './ports/clock.port';
import type { IdGenerator } from './ports/id-generator.port';

/** The real clock. */
export const systemClock: Clock = { now: () => new Date() };

interface WebCrypto {
  getRandomValues<T extends Uint8Array>(array: T): T;
  randomUUID(): string;
}

/** Web Crypto, present in Node.js 20 and every browser; the core imports no Node module. */
function webCrypto(): WebCrypto {
  const crypto = (globalThis as { crypto?: WebCrypto }).crypto;
  if (!crypto) throw new Error('Web Crypto (globalThis.crypto) is required');
  return crypto;
}

/** No 0/O or 1/I: a PNR is read aloud and typed by people. 32 symbols give 5 bits each. */
const PNR_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const PNR_LENGTH = 10;

/** UUIDs v4 and 10-character PNRs (50 random bits), both from a cryptographic source. */
export const cryptoIdGenerator: IdGenerator = {
  uuid: () => webCrypto().randomUUID(),
  pnr: () => {
    const bytes = webCrypto().getRandomValues(new Uint8Array(PNR_LENGTH));
    return Array.from(bytes, (b) => PNR_ALPHABET[b % PNR_ALPHABET.length]).join('');
  },
};
