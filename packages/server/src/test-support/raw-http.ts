import { connect, type Socket } from 'node:net';

/** A raw TCP connection to the server, for requests no well-behaved client would send. */
export interface RawConnection {
  socket: Socket;
  /** Everything the server sent so far. */
  received(): string;
  /** Resolves when the server (or the network) closed the connection. */
  closed: Promise<void>;
  isClosed(): boolean;
}

export async function openRaw(base: string, options: { localAddress?: string } = {}): Promise<RawConnection> {
  const { hostname, port } = new URL(base);
  const socket = connect({ host: hostname, port: Number(port), ...options });
  let received = '';
  let closed = false;
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  socket.on('error', () => undefined);
  const closedPromise = new Promise<void>((resolve) =>
    socket.once('close', () => {
      closed = true;
      resolve();
    }),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return { socket, received: () => received, closed: closedPromise, isClosed: () => closed };
}

/** Sends `text` at once and waits for the server to close the connection (at most `timeoutMs`). */
export async function sendRaw(base: string, text: string, timeoutMs = 10_000): Promise<string> {
  const connection = await openRaw(base);
  connection.socket.write(text);
  await Promise.race([connection.closed, new Promise((resolve) => setTimeout(resolve, timeoutMs))]);
  connection.socket.destroy();
  return connection.received();
}

/** The status code of the first response in `text` (0 when there is none). */
export function statusOf(text: string): number {
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
}

/**
 * Sends `text` and resolves once the server has answered with a status line and headers, or closed
 * the connection, or `timeoutMs` passed (status 0: no answer). The body is not waited for: an
 * upgraded connection or a long-poll may stay open, and the status is what counts.
 */
export async function firstAnswer(
  base: string,
  text: string | Buffer,
  timeoutMs = 5_000,
): Promise<{ status: number; received: string }> {
  const connection = await openRaw(base);
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      connection.socket.off('data', headersArrived);
      resolve();
    };
    // openRaw's own listener runs first, so received() already holds this chunk.
    const headersArrived = () => {
      if (connection.received().includes('\r\n\r\n')) done();
    };
    const timer = setTimeout(done, timeoutMs);
    connection.socket.on('data', headersArrived);
    void connection.closed.then(done);
    connection.socket.write(text);
  });
  connection.socket.destroy();
  return { status: statusOf(connection.received()), received: connection.received() };
}
