import { spawn } from 'node:child_process';

export interface ExampleProcess {
  /** Resolves with the first match of `pattern` in what the process printed; rejects if it exits first. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Sends SIGTERM and resolves with how the process ended. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL, for a test's `finally`: nothing is left running when a test failed half-way. */
  kill(): void;
}

/**
 * Runs a documented shell command such as `JWT_SECRET=$(openssl rand -hex 32) node dist/main.js`.
 * `exec` (and `env` for the variable) make node the process itself, so a signal reaches it as from a
 * process manager.
 */
export function startDocumentedCommand(command: string, cwd: string, env: NodeJS.ProcessEnv): ExampleProcess {
  const child = spawn('sh', ['-c', `exec ${command.replace(/^(\w+=\S+) /, 'env $1 ')}`], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const read = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', read);
  child.stderr.on('data', read);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );

  return {
    waitForOutput: (pattern, timeoutMs = 110_000) =>
      new Promise((resolve, reject) => {
        const done = () => {
          listeners.delete(check);
          clearTimeout(timer);
        };
        const check = () => {
          const match = pattern.exec(output);
          if (!match) return;
          done();
          resolve(match);
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output}`));
        }, timeoutMs);
        void exited.then(({ code, signal }) => {
          done();
          reject(new Error(`exited (${code ?? signal}) before printing ${pattern}:\n${output}`));
        });
        listeners.add(check);
        check();
      }),
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
