import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { createLogger } from './logger';

/** A logger at level info whose output is kept in memory, as the text it would have written. */
function captureLogger(): { logger: ReturnType<typeof createLogger>; written: () => string } {
  let text = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { logger: createLogger('info', sink), written: () => text };
}

describe('createLogger', () => {
  it('never writes card numbers, CVCs or tokens', () => {
    const { logger, written } = captureLogger();
    logger.info({ body: { cardNumber: '4242424242424242', cvc: '123' } }, 'payment');
    logger.info({ req: { headers: { authorization: 'Bearer eyJsecret' } } }, 'request');
    logger.info({ auth: { token: 'eyJsecret' } }, 'socket');
    expect(written()).not.toMatch(/4242424242424242|"123"|eyJsecret/);
    expect(written().match(/\[redacted\]/g)).toHaveLength(4);
  });
});

describe('createLogger and personal data', () => {
  it('replaces card fields, passenger names, phones and the row a database error quotes, at any depth', () => {
    const { logger, written } = captureLogger();
    logger.info(
      {
        body: {
          passengers: [{ passengerName: 'Ayse Marker', phone: '+90 555 000 1122' }],
          cardHolderName: 'AYSE MARKER',
          expireMonth: 7,
          expireYear: 2037,
        },
      },
      'booking',
    );
    const failure = Object.assign(new Error('insert into tickets values ($1, $2) - check failed'), {
      code: '23514',
      detail: 'Failing row contains (Ayse Marker, +90 555 000 1122).',
    });
    logger.error({ err: failure }, 'request failed');
    logger.error({ error: { kind: 'persistence_unavailable', cause: failure } }, 'sweep failed');
    expect(written()).not.toMatch(/Ayse|AYSE|555 000|2037/);
    expect(written()).toContain('"code":"23514"');
    expect(written()).toContain('check failed');
  });
});
