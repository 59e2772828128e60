import { describe, expect, it } from '@jest/globals';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createJwtAuth } from '@booking/auth';
import { createBookingServices } from '@booking/core';
import { createInMemoryPorts } from '@booking/core/testing';
import { io as connectClient } from 'socket.io-client';
import { closeSeatsServer } from './close-seats-server';
import { attachSeatGateway } from './gateway';
import { createSeatsServer } from './seats-server';
import { SEATS_NAMESPACE } from './protocol';

describe('closeSeatsServer', () => {
  it('stops accepting, disconnects sockets, drains, and waits for the request in flight', async () => {
    let release = () => undefined as void;
    const answered = new Promise<void>((resolve) => (release = resolve));
    const http = createServer((_request, response) => void answered.then(() => response.end('done')));
    const io = createSeatsServer(http);
    const ports = createInMemoryPorts();
    const services = createBookingServices(ports);
    const auth = createJwtAuth({ secret: 'close-test-secret-0123456789-abcdef' });
    const gateway = attachSeatGateway(io, { services, events: ports.events, auth });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

    const socket = connectClient(`${url}${SEATS_NAMESPACE}`, { reconnection: false });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const disconnected = new Promise((resolve) => socket.once('disconnect', resolve));
    const inFlight = fetch(`${url}/slow`).then((response) => response.text());
    await new Promise((resolve) => setTimeout(resolve, 50)); // the request has reached the listener

    const steps: string[] = [];
    const closed = closeSeatsServer({ http, io, gateway }, async () => {
      steps.push('drain');
    }).then(() => steps.push('closed'));
    await disconnected;
    await expect(fetch(`${url}/new`)).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(steps).toEqual(['drain']);

    release();
    expect(await inFlight).toBe('done');
    await closed;
    expect(steps).toEqual(['drain', 'closed']);
    socket.close();
  });
});
