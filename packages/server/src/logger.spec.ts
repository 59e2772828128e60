import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { createLogger } from './logger';

describe('createLogger', () => {
  it('never writes card numbers, CVCs or tokens', () => {
    let written = '';
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        written += chunk.toString();
        done();
      },
    });
    const logger = createLogger('info', sink);
    logger.info({ body: { cardNumber: '4242424242424242', cvc: '123' } }, 'payment');
    logger.info({ req: { headers: { authorization: 'Bearer eyJsecret' } } }, 'request');
    logger.info({ auth: { token: 'eyJsecret' } }, 'socket');
    expect(written).not.toMatch(/4242424242424242|"123"|eyJsecret/);
    expect(written.match(/\[redacted\]/g)).toHaveLength(4);
  });
});

describe('createLogger and personal data', () => {
  it('replaces card fields, passenger names, phones and the row a database error quotes, at any depth', () => {
    let written = '';
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        written += chunk.toString();
        done();
      },
    });
    const logger = createLogger('info', sink);
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
    expect(written).not.toMatch(/Ayse|AYSE|555 000|2037/);
    expect(written).toContain('"code":"23514"');
    expect(written).toContain('check failed');
  });
});
