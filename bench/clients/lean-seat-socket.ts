import WebSocket from 'ws';

const NAMESPACE = '/seats';
const CONNECT = `40${NAMESPACE},`;
const CONNECT_ERROR = `44${NAMESPACE},`;
const EVENT = `42${NAMESPACE},`;
const ACK = `43${NAMESPACE},`;
const SEAT_UPDATE = `${EVENT}["seat_update",`;

export interface LeanSocketOptions {
  /** Loopback source address (127.0.0.x), so one client machine is not capped by one address's ports. */
  localAddress?: string;
  token?: string;
  timeoutMs: number;
  /** Called with each raw `seat_update` packet (still JSON text: parsing is the caller's choice). */
  onSeatUpdate: (packet: string) => void;
}

/**
 * A Socket.IO client of the `/seats` namespace cut to the bone: a bare WebSocket speaking the
 * engine.io v4 / socket.io v5 text protocol, so thousands of them cost the load generator little CPU.
 * It answers pings, connects the namespace, subscribes with an acknowledgement, and passes
 * `seat_update` packets through unparsed.
 */
export class LeanSeatSocket {
  private readonly acks = new Map<number, (payload: string) => void>();
  private nextAck = 1;
  closed = false;

  private constructor(private readonly ws: WebSocket) {}

  static connect(baseUrl: string, options: LeanSocketOptions): Promise<LeanSeatSocket> {
    const url = `${baseUrl.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
    const ws = new WebSocket(url, { localAddress: options.localAddress, perMessageDeflate: false });
    const socket = new LeanSeatSocket(ws);
    return new Promise((resolve, reject) => {
      const fail = (error: Error) => {
        clearTimeout(timer);
        socket.close();
        reject(error);
      };
      const timer = setTimeout(() => fail(new Error('connect timed out')), options.timeoutMs);
      ws.on('error', fail);
      ws.on('close', () => {
        socket.closed = true;
        fail(new Error('closed while connecting'));
      });
      ws.on('message', (data: Buffer) => {
        const packet = data.toString();
        if (packet.startsWith(SEAT_UPDATE)) return options.onSeatUpdate(packet);
        if (packet === '2') return ws.send('3');
        if (packet.startsWith('0')) {
          return ws.send(options.token ? `${CONNECT}${JSON.stringify({ token: options.token })}` : CONNECT);
        }
        if (packet.startsWith(CONNECT)) {
          clearTimeout(timer);
          ws.removeListener('error', fail);
          ws.on('error', () => socket.close());
          return resolve(socket);
        }
        if (packet.startsWith(CONNECT_ERROR))
          return fail(new Error(`connect_error ${packet.slice(CONNECT_ERROR.length)}`));
        if (packet.startsWith(ACK)) socket.settleAck(packet.slice(ACK.length));
      });
    });
  }

  /** Subscribes to a route; resolves with the sequence the server announced. */
  subscribe(routeId: string, timeoutMs: number): Promise<number> {
    const id = this.nextAck++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.acks.delete(id);
        reject(new Error('subscribe timed out'));
      }, timeoutMs);
      this.acks.set(id, (payload) => {
        clearTimeout(timer);
        const [answer] = JSON.parse(payload) as [
          { ok: boolean; sequence?: number; error?: { code: string } },
        ];
        if (answer.ok) resolve(answer.sequence ?? 0);
        else reject(new Error(`subscribe refused: ${answer.error?.code}`));
      });
      this.ws.send(`${EVENT}${id}${JSON.stringify(['subscribe_route', { routeId }])}`);
    });
  }

  close(): void {
    this.closed = true;
    this.ws.terminate();
  }

  private settleAck(rest: string): void {
    const bracket = rest.indexOf('[');
    const id = Number(rest.slice(0, bracket));
    const settle = this.acks.get(id);
    this.acks.delete(id);
    settle?.(rest.slice(bracket));
  }
}
