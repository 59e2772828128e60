import { Agent, request } from 'node:http';

export interface JsonAnswer {
  /** 0 when no answer came (connection error or timeout). */
  status: number;
  body: Record<string, unknown>;
  ms: number;
}

/** A keep-alive JSON client with at most `connections` sockets: the cheapest way to load Koa from Node. */
export class HttpJson {
  private readonly agent: Agent;

  constructor(
    private readonly baseUrl: string,
    connections: number,
    private readonly timeoutMs = 30_000,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  }

  call(method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<JsonAnswer> {
    const began = performance.now();
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    return new Promise((resolve) => {
      const done = (status: number, text: string) => {
        let body: Record<string, unknown>;
        try {
          body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
        } catch {
          body = { text: text.slice(0, 200) };
        }
        resolve({ status, body, ms: performance.now() - began });
      };
      const req = request(
        `${this.baseUrl}${path}`,
        {
          method,
          agent: this.agent,
          timeout: this.timeoutMs,
          headers: {
            ...(payload !== undefined
              ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
              : {}),
            ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(res.statusCode ?? 0, Buffer.concat(chunks).toString()));
          res.on('error', (error) => done(0, error.message));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (error) => done(0, JSON.stringify({ error: error.message })));
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
