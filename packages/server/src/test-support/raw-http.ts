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

export async function openRaw(
  base: string,
  options: { localAddress?: string; allowHalfOpen?: boolean } = {},
): Promise<RawConnection> {
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

/**
 * A client that uploads in pieces, as curl does: it sends the request head and the start of the
 * body, waits for the answer (a server may answer before it has read the body), sends the rest of
 * the body, then closes its side. A write that fails is the client's failure, whatever had arrived:
 * `writeError` is its code. `answerEnded`: the server closed its side after the answer.
 */
export async function uploadPastTheAnswer(
  base: string,
  head: string,
  body: { bytes: number; chunked?: boolean },
  timeoutMs = 10_000,
): Promise<{ status: number; writeError?: string; answerEnded: boolean }> {
  const PIECE = 64 * 1024;
  // The server's FIN after its answer does not stop the upload (TCP lets each side close alone).
  const connection = await openRaw(base, { allowHalfOpen: true });
  let answerEnded = false;
  connection.socket.once('end', () => (answerEnded = true));
  const write = (data: Buffer | string) =>
    new Promise<string | undefined>((resolve) =>
      connection.socket.write(data, (error?: NodeJS.ErrnoException | null) =>
        resolve(error ? (error.code ?? 'error') : undefined),
      ),
    );
  const piece = (bytes: number) => {
    const data = Buffer.alloc(bytes, '4');
    return body.chunked
      ? Buffer.concat([Buffer.from(`${bytes.toString(16)}\r\n`), data, Buffer.from('\r\n')])
      : data;
  };
  const until = async (done: () => boolean) => {
    const deadline = Date.now() + timeoutMs;
    while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  };
  try {
    let writeError = await write(Buffer.concat([Buffer.from(head, 'latin1'), piece(PIECE)]));
    await until(() => answerEnded || connection.isClosed());
    for (let sent = PIECE; sent < body.bytes && !writeError; sent += PIECE) {
      writeError = await write(piece(Math.min(PIECE, body.bytes - sent)));
      // Time for a reset to come back, as on a network.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    if (!writeError && body.chunked) writeError = await write('0\r\n\r\n');
    connection.socket.end();
    await until(() => connection.isClosed());
    return { status: statusOf(connection.received()), writeError, answerEnded };
  } finally {
    connection.socket.destroy();
  }
}
