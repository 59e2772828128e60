import { createServer } from 'node:http';
import { describe, expect, it } from '@jest/globals';
import { createSeatsServer } from './seats-server';

describe('createSeatsServer', () => {
  it('refuses a request listener added after it attached (it would answer /socket.io/ a second time)', async () => {
    const http = createServer((_request, response) => response.writeHead(404).end());
    const io = createSeatsServer(http);
    try {
      expect(() => http.on('request', () => undefined)).toThrow(/after Socket\.IO attached/);
      // Other events are untouched.
      expect(() => http.on('connection', () => undefined)).not.toThrow();
    } finally {
      await new Promise<void>((resolve) => io.close(() => resolve()));
    }
  });
});
