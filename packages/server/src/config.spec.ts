import { describe, expect, it } from '@jest/globals';
import { ENV_DEFAULTS, ENV_DEFAULTS_BY_MODE, parseConfig } from './config';

describe('parseConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const config = parseConfig({})._unsafeUnwrap();
    expect(config).toMatchObject({
      port: ENV_DEFAULTS.PORT,
      host: ENV_DEFAULTS.HOST,
      dataDir: ENV_DEFAULTS.DATA_DIR,
      holdSeconds: ENV_DEFAULTS.HOLD_SECONDS,
      seatHoldSeconds: ENV_DEFAULTS.SEAT_HOLD_SECONDS,
      wsRequireAuth: ENV_DEFAULTS.WS_REQUIRE_AUTH,
      production: false,
      seedSampleRoute: ENV_DEFAULTS_BY_MODE.SEED_SAMPLE_ROUTE.development,
      logLevel: ENV_DEFAULTS.LOG_LEVEL,
      corsOrigins: [],
      restRateLimit: {
        points: ENV_DEFAULTS.RATE_LIMIT_POINTS,
        durationSeconds: ENV_DEFAULTS.RATE_LIMIT_WINDOW_SECONDS,
      },
      wsRateLimit: {
        perSecond: ENV_DEFAULTS.WS_RATE_LIMIT_PER_SECOND,
        burst: ENV_DEFAULTS.WS_RATE_LIMIT_BURST,
      },
      maxConnectionsPerIp: ENV_DEFAULTS.WS_MAX_CONNECTIONS_PER_IP,
      httpHeadersTimeoutMs: ENV_DEFAULTS.HTTP_HEADERS_TIMEOUT_MS,
      httpRequestTimeoutMs: ENV_DEFAULTS.HTTP_REQUEST_TIMEOUT_MS,
      sweepIntervalMs: ENV_DEFAULTS.SWEEP_INTERVAL_MS,
      currency: ENV_DEFAULTS.CURRENCY,
      paymentLockSeconds: ENV_DEFAULTS.PAYMENT_LOCK_SECONDS,
      freeCancelAfterDelayMinutes: 60,
      sandboxGatewayDelayMs: 0,
    });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
    expect(config.jwtSecret).toBeUndefined();
    expect(config.restRateLimit.points).toBeGreaterThanOrEqual(300);
  });

  it('reads every variable', () => {
    const config = parseConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      REDIS_URL: 'redis://127.0.0.1:6379',
      JWT_SECRET: 's'.repeat(32),
      ETICKET_PRIVATE_KEY: 'a key',
      ETICKET_PUBLIC_KEYS: '[]',
      HOLD_SECONDS: '30',
      SEAT_HOLD_SECONDS: '120',
      CORS_ORIGINS: 'https://a.example, http://localhost:5173',
      WS_REQUIRE_AUTH: 'true',
      LOG_LEVEL: 'debug',
      NODE_ENV: 'production',
      PAYMENT_LOCK_SECONDS: '3',
      SANDBOX_GATEWAY_DELAY_MS: '1500',
      FREE_CANCEL_AFTER_DELAY_MINUTES: '0',
    })._unsafeUnwrap();
    expect(config).toMatchObject({
      port: 8080,
      eticketPrivateKey: 'a key',
      eticketPublicKeys: '[]',
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/test',
      redisUrl: 'redis://127.0.0.1:6379',
      holdSeconds: 30,
      seatHoldSeconds: 120,
      corsOrigins: ['https://a.example', 'http://localhost:5173'],
      wsRequireAuth: true,
      logLevel: 'debug',
      production: true,
      seedSampleRoute: ENV_DEFAULTS_BY_MODE.SEED_SAMPLE_ROUTE.production,
      paymentLockSeconds: 3,
      sandboxGatewayDelayMs: 1500,
      freeCancelAfterDelayMinutes: 0,
    });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ HOLD_SECONDS: '0' }, 'HOLD_SECONDS'],
    [{ HOLD_SECONDS: '1.5' }, 'HOLD_SECONDS'],
    [{ SEAT_HOLD_SECONDS: '0' }, 'SEAT_HOLD_SECONDS'],
    [{ SEAT_HOLD_SECONDS: '3601' }, 'SEAT_HOLD_SECONDS'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'not a url' }, 'REDIS_URL'],
    [{ WS_REQUIRE_AUTH: 'maybe' }, 'WS_REQUIRE_AUTH'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ NODE_ENV: 'production' }, 'JWT_SECRET'],
    [{ NODE_ENV: 'production' }, 'ETICKET_PRIVATE_KEY'],
    [{ CORS_ORIGINS: 'example.com/path' }, 'CORS_ORIGINS'],
    [{ PAYMENT_LOCK_SECONDS: '0' }, 'PAYMENT_LOCK_SECONDS'],
    [{ SANDBOX_GATEWAY_DELAY_MS: '-5' }, 'SANDBOX_GATEWAY_DELAY_MS'],
    [{ FREE_CANCEL_AFTER_DELAY_MINUTES: '-1' }, 'FREE_CANCEL_AFTER_DELAY_MINUTES'],
    [{ FREE_CANCEL_AFTER_DELAY_MINUTES: '10081' }, 'FREE_CANCEL_AFTER_DELAY_MINUTES'],
    [{ FREE_CANCEL_AFTER_DELAY_MINUTES: '1h' }, 'FREE_CANCEL_AFTER_DELAY_MINUTES'],
  ])('refuses %j, naming %s', (env, variable) => {
    const problems = parseConfig(env)._unsafeUnwrapErr();
    expect(problems.join('\n')).toContain(variable);
  });

  it('reads the seat rules, off by default, and the hold limit, on by default', () => {
    expect(parseConfig({})._unsafeUnwrap()).toMatchObject({
      seatRules: [],
      salesCutoffMinutes: ENV_DEFAULTS.SALES_CUTOFF_MINUTES,
      maxHeldSeats: ENV_DEFAULTS.MAX_HELD_SEATS,
      maxGroupSize: ENV_DEFAULTS.MAX_GROUP_SIZE,
    });
    const config = parseConfig({
      SEAT_RULES: 'gender_adjacency, Sales_Cutoff',
      SALES_CUTOFF_MINUTES: '45',
      MAX_HELD_SEATS: '3',
      MAX_GROUP_SIZE: '4',
    })._unsafeUnwrap();
    expect(config).toMatchObject({
      seatRules: ['gender_adjacency', 'sales_cutoff'],
      salesCutoffMinutes: 45,
      maxHeldSeats: 3,
      maxGroupSize: 4,
    });
  });

  it('still reads the hold limit under its former name, max_open_reservations / MAX_OPEN_RESERVATIONS', () => {
    const config = parseConfig({
      SEAT_RULES: 'gender_adjacency,max_open_reservations',
      MAX_OPEN_RESERVATIONS: '2',
    })._unsafeUnwrap();
    expect(config).toMatchObject({ seatRules: ['gender_adjacency'], maxHeldSeats: 2 });
    expect(
      parseConfig({ MAX_OPEN_RESERVATIONS: '4', MAX_HELD_SEATS: '4' })._unsafeUnwrap().maxHeldSeats,
    ).toBe(4);
  });

  it.each([
    [{ SEAT_RULES: 'gender_adjacency,no_smoking' }, 'SEAT_RULES'],
    [{ MAX_GROUP_SIZE: '0' }, 'MAX_GROUP_SIZE'],
    [{ MAX_OPEN_RESERVATIONS: 'many' }, 'MAX_OPEN_RESERVATIONS'],
    [{ MAX_HELD_SEATS: '0' }, 'MAX_HELD_SEATS'],
    [{ MAX_HELD_SEATS: 'ten' }, 'MAX_HELD_SEATS'],
    [{ MAX_HELD_SEATS: '5', MAX_OPEN_RESERVATIONS: '6' }, 'MAX_OPEN_RESERVATIONS'],
    [{ SALES_CUTOFF_MINUTES: '-1' }, 'SALES_CUTOFF_MINUTES'],
  ])('refuses the seat rule setting %j, naming %s', (env, variable) => {
    expect(parseConfig(env)._unsafeUnwrapErr().join('\n')).toContain(variable);
  });

  it('reads CANCELLATION_POLICY into fee tiers, earliest first; unset is 24h:0,2h:10,0h:25', () => {
    expect(parseConfig({})._unsafeUnwrap().cancellationPolicy).toEqual([
      { hoursBefore: 24, percent: 0 },
      { hoursBefore: 2, percent: 10 },
      { hoursBefore: 0, percent: 25 },
    ]);
    expect(
      parseConfig({ CANCELLATION_POLICY: ' 0h:50, 72h:0 ,12.5h:12.5' })._unsafeUnwrap().cancellationPolicy,
    ).toEqual([
      { hoursBefore: 72, percent: 0 },
      { hoursBefore: 12.5, percent: 12.5 },
      { hoursBefore: 0, percent: 50 },
    ]);
  });

  it.each([
    ['a tier without hours', '24:0,0h:25', '"24:0"'],
    ['a fee over 100 %', '24h:0,0h:101', 'more than 100 %'],
    ['no tier at 0h', '24h:0,2h:10', '0h'],
    ['the same hours twice', '2h:5,2h:10,0h:25', 'twice'],
    ['a negative fee', '0h:-5', '"0h:-5"'],
    ['words', 'free', '"free"'],
  ])(
    'refuses a CANCELLATION_POLICY with %s, naming the variable and the problem',
    (_name, value, problem) => {
      const problems = parseConfig({ CANCELLATION_POLICY: value })._unsafeUnwrapErr().join('\n');
      expect(problems).toContain('CANCELLATION_POLICY');
      expect(problems).toContain(problem);
    },
  );

  it('reports every problem at once', () => {
    expect(parseConfig({ PORT: 'x', HOLD_SECONDS: 'y' })._unsafeUnwrapErr()).toHaveLength(2);
  });
});
