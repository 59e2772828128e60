import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { STATUS_CODES, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/** How long a closing connection goes on reading what its client still sends, at most. */
export const LINGER_MS = 2_000;

const lingering = new WeakSet<Duplex>();

/**
 * Ends `socket` after what was written to it, keeps reading (and dropping) what the client still
 * sends, and closes it once the client closes its side, `done` fires (the rest of the request has
 * arrived), or `lingerMs` passed. Closing a socket whose client is still sending makes the kernel
 * answer with a reset, and a client that is still writing (curl, Node's http client) then fails
 * with EPIPE or ECONNRESET without reading the answer already in its buffer: the "TCP reset
 * problem" of RFC 9112, 9.6, which is avoided by closing in these stages.
 */
export function closeAfterClientStops(
  socket: Duplex,
  options: { done?: IncomingMessage; lingerMs?: number } = {},
): void {
  if (lingering.has(socket)) return;
  lingering.add(socket);
  const close = () => socket.destroy();
  const timer = setTimeout(close, options.lingerMs ?? LINGER_MS);
  socket.once('close', () => clearTimeout(timer));
  socket.once('end', close);
  socket.on('error', close);
  socket.end();
  socket.resume();
  if (options.done) {
    options.done.once('end', close);
    // A body reader that gave up paused the request; what is left of it must still be read.
    options.done.resume();
  }
}

/**
 * Makes `http` close connections in stages (see closeAfterClientStops) where Node would close them
 * at once while the client may still be sending: after the last response on a connection whose
 * request body has not fully arrived (a 404, 405 or 413 answered before the body was read), and
 * after Node's own answer to a request it could not parse. A request that has fully arrived is
 * closed as promptly as before.
 */
export function closeConnectionsGently(http: HttpServer, lingerMs = LINGER_MS): void {
  const answered = new WeakMap<Socket, IncomingMessage>();
  const onResponseFinish = (message: unknown) => {
    const { request, socket, server } = message as {
      request: IncomingMessage;
      socket: Socket;
      server: unknown;
    };
    if (server === http) answered.set(socket, request);
  };
  // Published just before Node decides whether to close the connection after that response.
  subscribe('http.server.response.finish', onResponseFinish);
  http.once('close', () => unsubscribe('http.server.response.finish', onResponseFinish));

  http.on('connection', (socket: Socket) => {
    // Node calls this after a response that ends the connection; it would destroy the socket as soon
    // as the response is written, unread request bytes or not.
    socket.destroySoon = () => {
      const request = answered.get(socket);
      if (!request || request.complete) return Socket.prototype.destroySoon.call(socket);
      closeAfterClientStops(socket, { done: request, lingerMs });
    };
  });

  http.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // A parser that failed fails again on each further chunk of the same connection.
    if (lingering.has(socket)) return;
    // As Node: no answer in the middle of one already on its way (the response the socket carries).
    const current = (socket as { _httpMessage?: { headersSent: boolean } })._httpMessage;
    const answer = socket.writable && !current?.headersSent;
    if (answer) socket.write(nodeAnswerTo(error));
    // A client too slow to send its request in time is not waited for any longer (as Node does).
    if (answer && error.code?.startsWith('HPE_')) closeAfterClientStops(socket, { lingerMs });
    else socket.destroy();
  });
}

/** What Node answers to a request it cannot serve (its default `clientError` handling). */
function nodeAnswerTo(error: NodeJS.ErrnoException): string {
  const status =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? 431
      : error.code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW'
        ? 413
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? 408
          : 400;
  return `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\n\r\n`;
}
