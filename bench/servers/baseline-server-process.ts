/**
 * The baseline: a bare Socket.IO server with the reference server's settings and a `/seats`
 * namespace that only joins rooms and emits, paced, `seat_update`s of the same shape and size as the
 * booking server's. No database, no booking layer: what raw fan-out costs on this machine.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { SEATS_SERVER_OPTIONS } from '@booking/socketio';
import { Server } from 'socket.io';
import { serveParent } from '../lib/child-link';
import { startPacer, type Pacer } from '../lib/pacer';
import { readUsage } from './process-usage';

interface EmitRequest {
  routeIds: string[];
  eventsPerSecond: number;
  maxMs: number;
}

type Ack = (answer: object) => void;

async function main(): Promise<void> {
  const http = createServer();
  const io = new Server(http, { ...SEATS_SERVER_OPTIONS, cors: { origin: true } });
  const seats = io.of('/seats');
  seats.on('connection', (socket) => {
    socket.on('subscribe_route', (message: { routeId?: unknown }, ack?: Ack) => {
      const routeId = typeof message?.routeId === 'string' ? message.routeId : '';
      void socket.join(`route:${routeId}`);
      ack?.({ ok: true, routeId, message: `Subscribed to seat updates of route ${routeId}.`, sequence: 0 });
    });
  });
  await new Promise<void>((done) => http.listen(0, process.env.HOST ?? '127.0.0.1', done));
  const { port } = http.address() as AddressInfo;

  let pacer: Pacer | undefined;
  const sequences = new Map<string, number>();
  const emitOne = (routeId: string, turn: number) => {
    const sequence = (sequences.get(routeId) ?? 0) + 1;
    sequences.set(routeId, sequence);
    seats.to(`route:${routeId}`).emit('seat_update', {
      routeId,
      seatNumber: 1 + (turn % 40),
      eventType: turn % 3 === 0 ? 'seat_confirmed' : turn % 3 === 1 ? 'seat_cancelled' : 'seat_available',
      ticketId: randomUUID(),
      sequence,
      timestamp: new Date().toISOString(),
      fromStopIndex: 0,
      toStopIndex: 1,
      metadata: { fromCity: 'Istanbul', toCity: 'Ankara', price: 450, gender: 'other' },
    });
  };

  const parent = serveParent(
    {
      usage: ({ gc }: { gc: boolean }) => readUsage(seats.sockets.size, gc),
      emit: ({ routeIds, eventsPerSecond, maxMs }: EmitRequest) => {
        pacer?.stop();
        let turn = 0;
        pacer = startPacer(
          eventsPerSecond,
          () => {
            emitOne(routeIds[turn % routeIds.length] as string, turn);
            turn += 1;
            return true;
          },
          { maxCount: Math.ceil((eventsPerSecond * maxMs) / 1000), maxMs },
        );
        return {};
      },
      emitted: () => ({ events: pacer?.started ?? 0 }),
      stopEmitting: () => ({ events: pacer?.stop() ?? 0 }),
    },
    async () => {
      pacer?.stop();
      io.disconnectSockets(true);
      await new Promise<void>((done) => io.close(() => done()));
    },
  );
  parent.ready({ url: `http://127.0.0.1:${port}`, pid: process.pid });
}

main().catch((error: unknown) => {
  process.stderr.write(`baseline server failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
