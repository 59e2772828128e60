import { STATUS_CODES, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { closeAfterClientStops } from './lingering-close';

type UpgradeListener = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * Answers the requests that reach neither Koa nor a Socket.IO reply: CONNECT (with nothing
 * listening, Node drops the connection without a word), upgrade requests outside Socket.IO's path
 * (engine.io closes those silently after a second), and upgrades at its path that are no WebSocket
 * handshake because they are not GET (engine.io's CORS step destroys an OPTIONS one unanswered).
 * Each gets a JSON error, then the connection closes. Call it once Socket.IO has attached to `http`.
 */
export function answerStrayRequests(http: HttpServer, socketIoPath: string): void {
  const prefix = `${socketIoPath.replace(/\/$/, '')}/`;
  const socketIoListeners = http.listeners('upgrade') as UpgradeListener[];
  http.removeAllListeners('upgrade');
  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // The same prefix test as engine.io's.
    if (!request.url?.startsWith(prefix)) {
      return refuse(socket, 404, 'not_found', `Only ${prefix} upgrades to WebSocket here.`);
    }
    if (request.method !== 'GET') {
      return refuse(socket, 405, 'method_not_allowed', 'A WebSocket handshake is a GET request.');
    }
    // Engine.IO would refuse it and drop the connection at once, body unread (the client then gets a
    // reset instead of the answer).
    if (hasBody(request)) {
      return refuse(socket, 400, 'bad_request', 'A WebSocket handshake has no body.');
    }
    for (const listener of socketIoListeners) listener.call(http, request, socket, head);
  });
  http.on('connect', (_request: IncomingMessage, socket: Duplex) =>
    refuse(socket, 405, 'method_not_allowed', 'CONNECT is not served here.'),
  );
}

function hasBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function refuse(socket: Duplex, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  socket.write(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
  // The client may still be sending (a body, the rest of its request): read it before closing.
  // This also takes the socket's errors (Node took its own listener off a socket it hands over).
  closeAfterClientStops(socket);
}
