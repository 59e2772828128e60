/** A JSON call's answer; `status` 0 means the request got no answer (refused, reset, timed out). */
export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/**
 * A JSON request that never throws and never hangs: network failures come back as status 0, a body
 * that is not JSON as `{ text }`. For load loops and outages, where a failure is data, not an error.
 */
export async function request(
  base: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Answer> {
  try {
    const response = await fetch(base + path, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 20_000),
    });
    const text = await response.text();
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      body = { text };
    }
    return { status: response.status, body };
  } catch (error) {
    return { status: 0, body: { failure: String(error) } };
  }
}

/** The `error.code` of an error answer. */
export function errorCode(answer: Answer): string | undefined {
  return (answer.body.error as { code?: string } | undefined)?.code;
}

/** Polls `probe` until it returns true (at most `timeoutMs`); false when it never did. */
export async function eventually(
  probe: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs = 200,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return true;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return probe();
}
