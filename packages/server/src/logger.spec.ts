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
