import { describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { requestLog } from './request-log';

function recordingLogger() {
  const lines: { level: string; fields: Record<string, unknown> }[] = [];
  const at = (level: string) => (fields: object) =>
    lines.push({ level, fields: fields as Record<string, unknown> });
  return { lines, logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } };
}

async function serve(app: Koa, run: (base: string) => Promise<void>) {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('requestLog', () => {
  it('gives each request an id, returns it, and logs one line without the query string', async () => {
    const { lines, logger } = recordingLogger();
    const app = new Koa().use(requestLog(logger)).use((ctx) => {
      ctx.body = { id: ctx.state.requestId };
    });
    await serve(app, async (base) => {
      const response = await fetch(`${base}/tickets?cardNumber=4242`);
      const id = response.headers.get('x-request-id');
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(await response.json()).toEqual({ id });
      const echoed = await fetch(`${base}/x`, { headers: { 'x-request-id': 'abc-123' } });
      expect(echoed.headers.get('x-request-id')).toBe('abc-123');
      const refused = await fetch(`${base}/x`, { headers: { 'x-request-id': 'bad id <script>' } });
      expect(refused.headers.get('x-request-id')).not.toBe('bad id <script>');
    });
    expect(lines[0]).toEqual({
      level: 'info',
      fields: expect.objectContaining({ method: 'GET', path: '/tickets', status: 200 }),
    });
    expect(JSON.stringify(lines)).not.toContain('4242');
    expect(lines).toHaveLength(3);
  });

  it('logs answers of 500 and above as errors', async () => {
    const { lines, logger } = recordingLogger();
    const app = new Koa().use(requestLog(logger)).use((ctx) => {
      ctx.status = 503;
      ctx.body = {};
    });
    await serve(app, async (base) => {
      await fetch(`${base}/health`);
    });
    expect(lines.map((l) => l.level)).toEqual(['error']);
  });
});
