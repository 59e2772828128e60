import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

/** The require hook that lets a child run TypeScript (see support/register.js). */
export const REGISTER = resolve(__dirname, '../support/register.js');

interface Request {
  id: number;
  type: string;
  body: unknown;
}
interface Response {
  id: number;
  ok: boolean;
  body?: unknown;
  error?: string;
}
interface Announcement {
  type: 'ready';
  body: unknown;
}

/** The parent's side of a benchmark child process: requests over IPC, each with its own timeout. */
export class ChildLink {
  private nextId = 1;
  private readonly pending = new Map<number, (response: Response) => void>();
  private output = '';
  readonly exited: Promise<number | null>;

  private constructor(
    readonly child: ChildProcess,
    readonly name: string,
  ) {
    child.on('message', (message: Response) => this.pending.get(message.id)?.(message));
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((done) => child.once('exit', (code) => done(code)));
    void this.exited.then((code) => {
      for (const settle of this.pending.values())
        settle({ id: 0, ok: false, error: `${name} exited (${code})` });
      this.pending.clear();
    });
  }

  /** Forks `file` (TypeScript) and waits for its `ready` announcement; returns the link and its body. */
  static async start<T>(
    file: string,
    options: { name: string; env?: NodeJS.ProcessEnv; execArgv?: string[]; timeoutMs: number },
  ): Promise<{ link: ChildLink; ready: T }> {
    const child = fork(file, [], {
      execArgv: ['-r', REGISTER, ...(options.execArgv ?? [])],
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const link = new ChildLink(child, options.name);
    const ready = await new Promise<T>((done, fail) => {
      const timer = setTimeout(
        () => fail(new Error(`${options.name} did not start:\n${link.output}`)),
        options.timeoutMs,
      );
      child.on('message', (message: Announcement) => {
        if (message.type !== 'ready') return;
        clearTimeout(timer);
        done(message.body as T);
      });
      void link.exited.then((code) => {
        clearTimeout(timer);
        fail(new Error(`${options.name} exited (${code}) before it was ready:\n${link.output}`));
      });
    });
    return { link, ready };
  }

  request<T>(type: string, body: unknown = {}, timeoutMs = 60_000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((done, fail) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        fail(new Error(`${this.name}: no answer to ${type} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, (response) => {
        clearTimeout(timer);
        this.pending.delete(id);
        if (response.ok) done(response.body as T);
        else fail(new Error(`${this.name}: ${type} failed: ${response.error}`));
      });
      this.child.send({ id, type, body } satisfies Request);
    });
  }

  /** Asks the child to exit; kills it when it does not within `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.send({ id: 0, type: 'exit', body: {} } satisfies Request);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  recentOutput(): string {
    return this.output;
  }
}

export type Handler = (body: never) => Promise<unknown> | unknown;

/**
 * The child's side: answers each request with its handler, announces `ready`, and exits on `exit`
 * (or when the parent goes away, so no benchmark process outlives its run).
 */
export function serveParent(
  handlers: Record<string, Handler>,
  onExit: () => Promise<void> = async () => {},
): { ready(body: unknown): void } {
  const send = (message: Response | Announcement) => process.send?.(message);
  const exit = () => {
    onExit().finally(() => process.exit(0));
  };
  process.on('message', (request: Request) => {
    if (request.type === 'exit') return exit();
    const handler = handlers[request.type];
    if (!handler) return send({ id: request.id, ok: false, error: `unknown request ${request.type}` });
    Promise.resolve()
      .then(() => handler(request.body as never))
      .then(
        (body) => send({ id: request.id, ok: true, body }),
        (error: unknown) =>
          send({ id: request.id, ok: false, error: error instanceof Error ? error.stack : String(error) }),
      );
  });
  process.on('disconnect', exit);
  return { ready: (body) => send({ type: 'ready', body }) };
}
