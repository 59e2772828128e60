import { spawn } from 'node:child_process';

export interface CommandResult {
  code: number | null;
  stdout: string;
  /** stdout and stderr as they came. */
  output: string;
}

/**
 * The environment of a team's own shell: none of the `npm_*` variables of the `npm test` that runs
 * jest (they would point npm at this workspace), no jest NODE_OPTIONS, no DATABASE_URL (the example
 * then keeps its data in the embedded database).
 */
export function outsideEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(
    ([name]) => !/^npm_/i.test(name) && !['NODE_OPTIONS', 'INIT_CWD', 'DATABASE_URL'].includes(name),
  );
  return { ...Object.fromEntries(inherited), ...extra };
}

/** Runs a program to its end; never throws: the exit code and what it wrote come back. */
export function runCommand(
  program: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = outsideEnv(),
): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(program, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', (error) => resolve({ code: null, stdout, output: `${output}${String(error)}` }));
    child.once('close', (code) => resolve({ code, stdout, output }));
  });
}
