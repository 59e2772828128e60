import { describe, expect, it } from '@jest/globals';
import { parseConfig } from './config';

describe('parseConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const config = parseConfig({})._unsafeUnwrap();
    expect(config).toMatchObject({
      port: 3000,
      dataDir: './.data',
      holdSeconds: 600,
      wsRequireAuth: false,
      production: false,
      seedSampleRoute: true,
      logLevel: 'info',
      corsOrigins: [],
    });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
    expect(config.jwtSecret).toBeUndefined();
    expect(config.restRateLimit.points).toBeGreaterThanOrEqual(300);
    expect(config.wsRateLimit).toEqual({ perSecond: 20, burst: 40 });
  });

  it('reads every variable', () => {
    const config = parseConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      REDIS_URL: 'redis://127.0.0.1:6379',
      JWT_SECRET: 's'.repeat(32),
      HOLD_SECONDS: '30',
      CORS_ORIGINS: 'https://a.example, http://localhost:5173',
      WS_REQUIRE_AUTH: 'true',
      LOG_LEVEL: 'debug',
      NODE_ENV: 'production',
    })._unsafeUnwrap();
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/test',
      redisUrl: 'redis://127.0.0.1:6379',
      holdSeconds: 30,
      corsOrigins: ['https://a.example', 'http://localhost:5173'],
      wsRequireAuth: true,
      logLevel: 'debug',
      production: true,
      seedSampleRoute: false,
    });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ HOLD_SECONDS: '0' }, 'HOLD_SECONDS'],
    [{ HOLD_SECONDS: '1.5' }, 'HOLD_SECONDS'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'not a url' }, 'REDIS_URL'],
    [{ WS_REQUIRE_AUTH: 'maybe' }, 'WS_REQUIRE_AUTH'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ NODE_ENV: 'production' }, 'JWT_SECRET'],
    [{ CORS_ORIGINS: 'example.com/path' }, 'CORS_ORIGINS'],
  ])('refuses %j, naming %s', (env, variable) => {
    const problems = parseConfig(env)._unsafeUnwrapErr();
    expect(problems.join('\n')).toContain(variable);
  });

  it('reports every problem at once', () => {
    expect(parseConfig({ PORT: 'x', HOLD_SECONDS: 'y' })._unsafeUnwrapErr()).toHaveLength(2);
  });
});
