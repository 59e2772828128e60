import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Server, ServerOptions } from 'socket.io';

/**
 * How the gateway writes a route's `seat_update`s to its room. `'joined'`: each WebSocket client gets
 * the events that became deliverable together in one socket write, through private members of
 * engine.io and ws (see room-writes.ts). `'public'`: a Socket.IO room broadcast per event, public API
 * only. `'auto'` (the default) takes the joined writes when the installed libraries are the ones
 * they were checked against and behave as expected, else the public path.
 */
export type RoomWrites = 'auto' | 'joined' | 'public';
export type RoomWritePath = Exclude<RoomWrites, 'auto'>;

export const DEFAULT_ROOM_WRITES: RoomWrites = 'auto';

type Library = 'socket.io' | 'engine.io' | 'ws';

/** The versions the joined writes were checked against; outside them `'auto'` takes the public path. */
export const JOINED_WRITES_VERSIONS: Record<Library, { from: string; below: string }> = {
  'socket.io': { from: '4.8.0', below: '4.9.0' },
  'engine.io': { from: '6.6.0', below: '6.7.0' },
  ws: { from: '8.17.1', below: '9.0.0' },
};

/** What the joined writes depend on, as installed: the engine.io and ws that socket.io loads. */
export interface TransportLibraries {
  versions: Record<Library, string | undefined>;
  /** engine.io's WebSocket transport class. */
  webSocketTransport: unknown;
  /** ws's frame sender class. */
  sender: unknown;
}

export interface RoomWriteChoice {
  path: RoomWritePath;
  /** Why: what the check found (for the start-up log). */
  reason: string;
  /** `'auto'` wanted the joined writes but the installed libraries did not pass. */
  fellBack: boolean;
}

/**
 * Picks the room write path once, when the gateway starts. The joined writes need: versions in
 * `JOINED_WRITES_VERSIONS`, an engine.io WebSocket transport that writes a `wsPreEncodedFrame` as is
 * through its ws socket's `_sender.sendFrame`, a ws sender that writes a one-buffer list as one
 * socket write, and a Socket.IO parser that encodes an event as one string. `'joined'` skips the
 * version check only; a library that does not behave so is a deployment bug and throws.
 */
export function chooseRoomWrites(
  io: Server,
  mode: RoomWrites,
  libraries: () => TransportLibraries = installedTransportLibraries,
): RoomWriteChoice {
  if (mode === 'public') return { path: 'public', reason: 'roomWrites is public', fellBack: false };
  if (recoversConnectionState(io)) {
    if (mode === 'joined') throw new Error('roomWrites joined bypasses connection state recovery');
    return { path: 'public', reason: 'connection state recovery stores every broadcast', fellBack: false };
  }
  const installed = libraries();
  const shape = shapeProblems(io, installed);
  if (mode === 'joined') {
    if (shape.length > 0) throw new Error(`roomWrites joined is not possible: ${shape.join('; ')}`);
    return { path: 'joined', reason: 'roomWrites is joined', fellBack: false };
  }
  const problems = [...versionProblems(installed.versions), ...shape];
  if (problems.length > 0) return { path: 'public', reason: problems.join('; '), fellBack: true };
  return { path: 'joined', reason: describeVersions(installed.versions), fellBack: false };
}

/**
 * With connection state recovery on, Socket.IO's adapter stores each broadcast for replay: the
 * joined writes would bypass it.
 */
function recoversConnectionState(io: Server): boolean {
  const { opts } = io as unknown as { opts?: Partial<ServerOptions> };
  return Boolean(opts?.connectionStateRecovery);
}

function versionProblems(versions: TransportLibraries['versions']): string[] {
  return (Object.keys(JOINED_WRITES_VERSIONS) as Library[]).flatMap((library) => {
    const { from, below } = JOINED_WRITES_VERSIONS[library];
    const version = versions[library];
    if (version === undefined) return [`${library}'s version is unknown`];
    const inRange = compareVersions(version, from) >= 0 && compareVersions(version, below) < 0;
    return inRange ? [] : [`${library} ${version} is outside ${from} to below ${below}`];
  });
}

function shapeProblems(io: Server, libraries: TransportLibraries): string[] {
  const problems: string[] = [];
  if (!transportWritesPreEncodedFrames(libraries.webSocketTransport)) {
    problems.push(
      "engine.io's WebSocket transport does not write a pre-encoded frame through _sender.sendFrame",
    );
  }
  if (!senderWritesOneBufferAsIs(libraries.sender)) {
    problems.push("ws's sender does not write a one-buffer frame list as one socket write");
  }
  if (!encodesEventsAsOneString(io))
    problems.push("Socket.IO's parser does not encode an event as one string");
  return problems;
}

/** Runs the transport on a stand-in ws socket: the frame must reach `_sender.sendFrame` untouched. */
function transportWritesPreEncodedFrames(transportClass: unknown): boolean {
  const frame = [Buffer.from('probe')];
  const sentFrames: unknown[] = [];
  let encodedSends = 0;
  const standIn = Object.assign(new EventEmitter(), {
    _sender: { sendFrame: (list: unknown) => sentFrames.push(list) },
    send: () => (encodedSends += 1),
    close: () => undefined,
  });
  try {
    const Transport = transportClass as new (request: object) => { send(packets: object[]): void };
    const transport = new Transport({ _query: { EIO: '4' }, websocket: standIn });
    transport.send([{ type: 'message', data: 'probe', options: { wsPreEncodedFrame: frame } }]);
  } catch {
    return false;
  }
  return sentFrames.length === 1 && sentFrames[0] === frame && encodedSends === 0;
}

/** Runs the sender on a stand-in TCP socket: a one-buffer list must be one write of that buffer. */
function senderWritesOneBufferAsIs(senderClass: unknown): boolean {
  const frame = Buffer.from('probe');
  const writes: unknown[] = [];
  const standIn = {
    write: (data: unknown) => writes.push(data),
    cork: () => undefined,
    uncork: () => undefined,
  };
  try {
    const Sender = senderClass as new (socket: object) => {
      sendFrame(list: Buffer[], done: () => void): void;
    };
    new Sender(standIn).sendFrame([frame], () => undefined);
  } catch {
    return false;
  }
  return writes.length === 1 && writes[0] === frame;
}

function encodesEventsAsOneString(io: Server): boolean {
  const encoder = (io as unknown as { encoder?: { encode?: (packet: object) => unknown } }).encoder;
  if (typeof encoder?.encode !== 'function') return false;
  const encoded = encoder.encode({ type: 2, nsp: '/', data: ['probe', {}] });
  return Array.isArray(encoded) && encoded.length === 1 && typeof encoded[0] === 'string';
}

/**
 * The engine.io that socket.io loads, and the ws that engine.io loads (not necessarily the copies a
 * bare import would find). `require` rather than `createRequire`: under jest it is the test's module
 * registry, so tests see the classes the server runs on.
 */
export function installedTransportLibraries(): TransportLibraries {
  const socketIoEntry = require.resolve('socket.io');
  const engineIoEntry = require.resolve('engine.io', { paths: [dirname(socketIoEntry)] });
  const wsEntry = require.resolve('ws', { paths: [dirname(engineIoEntry)] });
  /* eslint-disable @typescript-eslint/no-require-imports -- the copies resolved above, found at run time */
  const engineIo = require(engineIoEntry) as { transports?: { websocket?: unknown } };
  const ws = require(wsEntry) as { Sender?: unknown };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return {
    versions: {
      'socket.io': packageVersion(socketIoEntry, 'socket.io'),
      'engine.io': packageVersion(engineIoEntry, 'engine.io'),
      ws: packageVersion(wsEntry, 'ws'),
    },
    webSocketTransport: engineIo.transports?.websocket,
    sender: ws.Sender,
  };
}

/** The version in the nearest package.json named `name` above `entry` (engine.io does not export it). */
function packageVersion(entry: string, name: string): string | undefined {
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (manifest.name === name && typeof manifest.version === 'string') return manifest.version;
    } catch {
      // no package.json here: look one directory up
    }
  }
  return undefined;
}

/** Compares `major.minor.patch` numerically; a pre-release tag sorts below its release. */
function compareVersions(a: string, b: string): number {
  const parse = (version: string) => {
    const [release = '', prerelease] = version.split('-', 2);
    return { parts: release.split('.').map((part) => Number(part) || 0), prerelease };
  };
  const left = parse(a);
  const right = parse(b);
  for (let i = 0; i < 3; i += 1) {
    const difference = (left.parts[i] ?? 0) - (right.parts[i] ?? 0);
    if (difference !== 0) return difference;
  }
  if (left.prerelease === right.prerelease) return 0;
  if (left.prerelease === undefined) return 1;
  if (right.prerelease === undefined) return -1;
  return left.prerelease < right.prerelease ? -1 : 1;
}

function describeVersions(versions: TransportLibraries['versions']): string {
  return (Object.keys(versions) as Library[]).map((library) => `${library} ${versions[library]}`).join(', ');
}
