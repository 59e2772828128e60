import type { BroadcastOperator } from 'socket.io';
import type { RouteRoomEvent, ServerToClientEvents } from './protocol';
import type { SeatSocketData, SeatsNamespace, SeatSocket } from './socket-types';
import { eventNameOf } from './views';

/** Socket.IO's EVENT packet type (socket.io-parser's `PacketType.EVENT`). */
const EVENT_PACKET = 2;
/** Engine.IO's "message" packet type, prefixed to every Socket.IO packet on the wire. */
const ENGINE_MESSAGE = '4';

/**
 * The parts of engine.io's WebSocket transport this relies on, the same ones Socket.IO's own adapter
 * uses: with `perMessageDeflate` off and a `_sender`, the transport writes `wsPreEncodedFrame` as is
 * (`sendFrame`), and a one-element list is one socket write. Otherwise it would encode `data`, the
 * first packet only: `writesFrames` checks both per socket, and `chooseRoomWrites` (room-write-path.ts)
 * checks at start-up that the installed engine.io and ws behave so.
 */
interface FrameWritingTransport {
  name?: string;
  perMessageDeflate?: unknown;
  socket?: { _sender?: { sendFrame?: unknown } };
}

/** engine.io's send options plus the pre-encoded frame it reads (untyped there). */
type PreEncodedSendOptions = { compress?: boolean } & { wsPreEncodedFrame: [Buffer] };

/**
 * Sends a route's `seat_update`s and `route_update`s to every socket of `room` on this process, in order, as a room
 * broadcast does, but each WebSocket client gets all of them in one write: their frames are encoded
 * once, joined into one buffer and handed to engine.io as a pre-encoded frame (what Socket.IO's
 * adapter does for a single packet, there as two buffers). A socket write is most of a delivery's
 * cost, so a cancel's two events or a group booking's N cost about one; and the last socket of a
 * big room hears the last event one room-write after the commit, not N. Long-polling sockets get
 * the packets one by one. A socket with `onAnyOutgoing` listeners gets plain `emit`s, which call them.
 * The gateway takes this path only when `chooseRoomWrites` found the libraries it relies on.
 */
export function emitRouteRoomEvents(
  namespace: SeatsNamespace,
  room: string,
  updates: readonly RouteRoomEvent[],
): void {
  const members = namespace.adapter.rooms.get(room);
  if (!members || members.size === 0 || updates.length === 0) return;
  const packets = encodeAll(namespace, updates);
  if (!packets) return emitOneByOne(namespace, room, updates);
  const joinedFrames: [Buffer] = [Buffer.concat(packets.map((packet) => textFrame(ENGINE_MESSAGE + packet)))];
  // Shared by every socket, as Socket.IO's adapter shares its packet options.
  const options: PreEncodedSendOptions = { wsPreEncodedFrame: joinedFrames };
  for (const id of members) {
    const socket = namespace.sockets.get(id);
    if (!socket) continue;
    if (socket.listenersAnyOutgoing().length > 0) {
      for (const update of updates) emitTo(socket, update);
    } else if (writesFrames(socket)) {
      // The data is never read on a WebSocket transport (it sends the frames); it is the first packet for logs.
      socket.conn.write(packets[0] as string, options);
    } else {
      for (const packet of packets) socket.conn.write(packet);
    }
  }
}

/** A room broadcast per update: Socket.IO's public API, for servers the joined writes do not fit. */
export function emitOneByOne(
  namespace: SeatsNamespace,
  room: string,
  updates: readonly RouteRoomEvent[],
): void {
  for (const update of updates) emitTo(namespace.local.to(room), update);
}

/** Emits an update under its own event name (the typed `emit` wants the name and payload to match). */
function emitTo(
  target: Pick<SeatSocket, 'emit'> | BroadcastOperator<ServerToClientEvents, SeatSocketData>,
  update: RouteRoomEvent,
): void {
  if (update.eventType === 'route_update') target.emit('route_update', update);
  else target.emit('seat_update', update);
}

/** Each update as a Socket.IO text packet, or undefined if the server's parser does not make one string each. */
function encodeAll(namespace: SeatsNamespace, updates: readonly RouteRoomEvent[]): string[] | undefined {
  const packets: string[] = [];
  for (const update of updates) {
    const encoded: unknown[] = namespace.server.encoder.encode({
      type: EVENT_PACKET,
      nsp: namespace.name,
      data: [eventNameOf(update), update],
    });
    const [packet] = encoded;
    if (encoded.length !== 1 || typeof packet !== 'string') return undefined;
    packets.push(packet);
  }
  return packets;
}

/** Whether engine.io will write a pre-encoded frame for this socket as it is (WebSocket, no compression). */
function writesFrames(socket: SeatSocket): boolean {
  const transport = socket.conn.transport as unknown as FrameWritingTransport;
  return (
    transport.name === 'websocket' &&
    !transport.perMessageDeflate &&
    typeof transport.socket?._sender?.sendFrame === 'function'
  );
}

/** An unmasked, final WebSocket text frame (RFC 6455 section 5.2), as a server sends it. */
export function textFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const length = payload.length;
  const header =
    length < 126
      ? Buffer.from([0x81, length])
      : length < 65_536
        ? Buffer.from([0x81, 126, length >> 8, length & 0xff])
        : longHeader(length);
  return Buffer.concat([header, payload]);
}

function longHeader(length: number): Buffer {
  const header = Buffer.alloc(10);
  header[0] = 0x81;
  header[1] = 127;
  header.writeBigUInt64BE(BigInt(length), 2);
  return header;
}
