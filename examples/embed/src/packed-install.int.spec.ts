import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJwtAuth } from '@booking/auth';
import { request } from '../../../packages/server/src/test-support/http-client';
import { watchRoute } from '../../../packages/server/src/test-support/route-watcher';
import {
  addDependencies,
  copyExample,
  installLines,
  npmInstall,
  typecheck,
  writeConsumerManifest,
  writeTsconfig,
} from './test-support/consumer-project';
import { docBlocks, REPO_ROOT } from './test-support/doc-quotes';
import { startDocumentedCommand } from './test-support/example-process';
import {
  entryFiles,
  entrySpecifiers,
  packPackages,
  type PackedPackage,
} from './test-support/packed-packages';
import { outsideEnv, type CommandResult } from './test-support/run-command';

/**
 * What a team outside this repository does, from the tarballs `npm publish` would upload: install
 * the packages docs/embedding.md names, copy the example in, compile it with its own strict
 * tsconfig, run it with the documented command, book a seat. The packages' dist/ must be built
 * (`npm test` builds before jest).
 */
const blocks = docBlocks(readFileSync(join(REPO_ROOT, 'docs/embedding.md'), 'utf8'));
const INSTALL = blocks.find((b) => b.marker === 'command: install')!.code;
const RUN = blocks.find((b) => b.marker === 'command: run')!.code;
// The workspace's own compiler runs the checks: the same version as the lockfile's `typescript`.
const NOT_INSTALLED = ['typescript'];
const SECRET = 'the-secret-our-login-service-signs-with-0123456789';
const FORMATS = [
  ['ESM', 'module'],
  ['CommonJS', 'commonjs'],
] as const;
type Format = (typeof FORMATS)[number][0];

const passed = (result: CommandResult) => ({ code: result.code, output: result.output.trim() });
const succeeded = { code: 0, output: '' };

// Slow only when the machine is busy: a full type-check (declaration files too) takes seconds alone.
const LONG = 600_000;

describe('the embed example installed from the packed packages, outside the workspace', () => {
  let root = '';
  let app = '';
  let packed: PackedPackage[] = [];
  // The type-checks start together once the install is done (compiling emits dist/ for the runs).
  const checks = new Map<Format | 'bundler', Promise<CommandResult>>();

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'booking-consumer-'));
    app = join(root, 'our-booking-app');
    packed = await packPackages(root);
    await writeConsumerManifest(app, installLines(INSTALL), packed, NOT_INSTALLED);
    // Declaration files are checked under nodenext as ESM here, and below under node10 with every
    // package; the other checks skip them (as `tsc --init` does): each full check costs seconds.
    for (const [format, type] of FORMATS) {
      await copyExample(join(app, format), type);
      await writeTsconfig(
        join(app, format, 'tsconfig.json'),
        {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          rootDir: 'src',
          outDir: 'dist',
          skipLibCheck: format !== 'ESM',
        },
        ['src'],
      );
    }
    const bundler = join(app, 'ESM', 'tsconfig.bundler.json');
    await writeTsconfig(
      bundler,
      { module: 'esnext', moduleResolution: 'bundler', noEmit: true, skipLibCheck: true },
      ['src'],
    );
    const install = await npmInstall(app);
    if (install.code !== 0) throw new Error(`npm install failed:\n${install.output}`);
    for (const [format] of FORMATS) checks.set(format, typecheck(join(app, format, 'tsconfig.json')));
    checks.set('bundler', typecheck(bundler));
  }, LONG);
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('packs every file the manifests point at, and no test code', () => {
    expect(packed.map((p) => p.name)).toEqual(expect.arrayContaining(['@booking/core', '@booking/socketio']));
    for (const { name, manifest, files } of packed) {
      expect({ name, missing: entryFiles(manifest).filter((file) => !files.includes(file)) }).toEqual({
        name,
        missing: [],
      });
      expect(files.filter((file) => /\.spec\.|test-support/.test(file))).toEqual([]);
    }
  });

  it.each(FORMATS)(
    'type-checks strictly and compiles as %s under module nodenext',
    async (format, _type) => {
      expect(passed(await checks.get(format)!)).toEqual(succeeded);
    },
    LONG,
  );

  it(
    'type-checks strictly under module esnext with moduleResolution bundler',
    async () => {
      expect(passed(await checks.get('bundler')!)).toEqual(succeeded);
    },
    LONG,
  );

  it.each(FORMATS)(
    'runs as %s with the documented command: a seat booked over REST reaches a default socket.io-client',
    async (format, _type) => {
      expect(passed(await checks.get(format)!)).toEqual(succeeded);
      // The documented command, with the secret our login service signs customers' tokens with.
      const command = RUN.replace(/^JWT_SECRET=(\$\([^)]*\)|\S+) /, `JWT_SECRET=${SECRET} `);
      expect(command).not.toBe(RUN);
      const example = startDocumentedCommand(
        command,
        join(app, format),
        outsideEnv({ PORT: '0', DATA_DIR: join(root, `data-${format}`) }),
      );
      try {
        const [, url = ''] = await example.waitForOutput(/booking on (http:\/\/\S+)/);
        const [, adminToken = ''] = await example.waitForOutput(/admin token: (\S+)/);
        const customerToken = await createJwtAuth({ secret: SECRET }).sign(
          { userId: 'customer-1', role: 'customer' },
          3600,
        );
        const route = await request(url, 'POST', '/routes', {
          token: adminToken,
          body: {
            fromCity: 'Bursa',
            toCity: 'Izmir',
            departureAt: new Date(Date.now() + 86_400_000).toISOString(),
            seatCount: 4,
            price: 20,
          },
        });
        expect(route.status).toBe(201);
        const watcher = await watchRoute(url, route.body.id as string);
        try {
          const booked = await request(url, 'POST', '/tickets', {
            token: customerToken,
            body: { routeId: route.body.id, seatNumber: 3, passengerName: 'Deniz', gender: 'other' },
          });
          expect(booked).toMatchObject({ status: 201, body: { seatNumber: 3, status: 'reserved' } });
          await watcher.waitForSequence(watcher.subscribedAt + 1);
          expect(watcher.updates.map((u) => [u.seatNumber, u.eventType])).toEqual([[3, 'seat_reserved']]);
        } finally {
          watcher.close();
        }
        expect(await example.stop()).toEqual({ code: 0, signal: null });
      } finally {
        example.kill();
      }
    },
    LONG,
  );

  describe('with every package added, in a CommonJS project on module commonjs (node10 resolution)', () => {
    beforeAll(async () => {
      await addDependencies(app, packed);
      const install = await npmInstall(app);
      if (install.code !== 0) throw new Error(`npm install failed:\n${install.output}`);
    }, LONG);

    it(
      'type-checks the example and every entry point of every package',
      async () => {
        const specifiers = packed.flatMap((p) => entrySpecifiers(p.manifest));
        expect(specifiers).toContain('@booking/core/testing');
        await writeFile(
          join(app, 'entries.ts'),
          specifiers.map((s, i) => `import * as entry${i} from '${s}';\n`).join('') +
            `export const entries = [${specifiers.map((_, i) => `entry${i}`).join(', ')}];\n`,
        );
        const tsconfig = join(app, 'tsconfig.node10.json');
        await writeTsconfig(
          tsconfig,
          { module: 'commonjs', moduleResolution: 'node10', esModuleInterop: true, noEmit: true },
          ['CommonJS/src', 'entries.ts'],
        );
        expect(passed(await typecheck(tsconfig))).toEqual(succeeded);
      },
      LONG,
    );
  });
});
