import type { JwtAuth } from '@booking/auth';
import {
  CachedRouteRepository,
  createBookingServices,
  seatPoliciesFrom,
  cryptoIdGenerator,
  systemClock,
  type BookingConfig,
  type BookingPorts,
  type BookingServices,
  type Logger,
  type TicketSigner,
} from '@booking/core';

import { sandboxLedgerStore, type MikroOrmStorage } from '@booking/mikro-orm';
import { SandboxPaymentGateway } from '@booking/payments-sandbox';
import { BusSeatNotifier, type SeatEventBus } from '@booking/socketio';
import { Container, type ResolutionContext } from 'inversify';
import type { ServerConfig } from './config';
import { SERVER_TOKENS, TOKENS } from './tokens';

export interface ContainerParts {
  config: ServerConfig;
  logger: Logger;
  auth: JwtAuth;
  storage: MikroOrmStorage;
  bus: SeatEventBus;
  /** Signs e-tickets (`loadTicketSigner`); without it the server offers no e-tickets or boarding. */
  ticketSigner?: TicketSigner;
}

/**
 * The composition root: each core port bound to its adapter under its token, and the
 * booking services built from them. Nothing outside this package knows inversify.
 */
export function createContainer(parts: ContainerParts): Container {
  const container = new Container({ defaultScope: 'Singleton' });
  const constant = <T>(token: symbol, value: T) => container.bind<T>(token).toConstantValue(value);

  constant(SERVER_TOKENS.Config, parts.config);
  constant(SERVER_TOKENS.Logger, parts.logger);
  constant(SERVER_TOKENS.Auth, parts.auth);
  constant(SERVER_TOKENS.Storage, parts.storage);
  constant(SERVER_TOKENS.SeatEventBus, parts.bus);
  if (parts.ticketSigner) constant(TOKENS.TicketSigner, parts.ticketSigner);
  const signer = parts.ticketSigner ? { ticketSigner: parts.ticketSigner } : {};

  const { storage } = parts;
  // Routes never change once created: remembered, every booking saves a round trip.
  constant(TOKENS.RouteRepository, new CachedRouteRepository(storage.routes));
  constant(TOKENS.TicketRepository, storage.tickets);
  constant(TOKENS.HoldRepository, storage.holds);
  constant(TOKENS.SeatEventLog, storage.events);
  constant(TOKENS.PaymentRepository, storage.payments);
  constant(TOKENS.IdempotencyStore, storage.idempotency);
  constant(TOKENS.HistoryLog, storage.history);
  constant(TOKENS.UnitOfWork, storage.unitOfWork);
  constant(TOKENS.PaymentLocks, storage.paymentLocks);
  constant(TOKENS.Clock, systemClock);
  constant(TOKENS.IdGenerator, cryptoIdGenerator);
  // The sandbox: no money moves. Its ledger is in the database, so a charge outlives a restart as a
  // provider's does. A deployment that takes real money binds its provider's gateway here.
  container.bind(TOKENS.PaymentGateway).toDynamicValue(
    () =>
      new SandboxPaymentGateway({
        store: sandboxLedgerStore(storage),
        answerDelayMs: parts.config.sandboxGatewayDelayMs,
      }),
  );
  container
    .bind(TOKENS.SeatNotifier)
    .toDynamicValue((context) => new BusSeatNotifier(context.get<SeatEventBus>(SERVER_TOKENS.SeatEventBus)));
  container.bind<BookingConfig>(TOKENS.BookingConfig).toDynamicValue(() => ({
    holdSeconds: parts.config.holdSeconds,
    seatHoldSeconds: parts.config.seatHoldSeconds,
    currency: parts.config.currency,
    maxGroupSize: parts.config.maxGroupSize,
    maxHeldSeats: parts.config.maxHeldSeats,
    cancellationPolicy: parts.config.cancellationPolicy,
    paymentLockSeconds: parts.config.paymentLockSeconds,
    freeCancelAfterDelayMinutes: parts.config.freeCancelAfterDelayMinutes,
    seatPolicies: seatPoliciesFrom({
      rules: parts.config.seatRules,
      salesCutoffMinutes: parts.config.salesCutoffMinutes,
    }),
    onBackgroundError: (error, context) =>
      parts.logger.error({ err: error, context }, 'background step failed'),
  }));
  container
    .bind<BookingServices>(TOKENS.BookingServices)
    .toDynamicValue((context) =>
      createBookingServices(
        { ...portsFrom(context), ...signer },
        context.get<BookingConfig>(TOKENS.BookingConfig),
      ),
    );
  return container;
}

function portsFrom(context: ResolutionContext): BookingPorts {
  return {
    routes: context.get(TOKENS.RouteRepository),
    tickets: context.get(TOKENS.TicketRepository),
    holds: context.get(TOKENS.HoldRepository),
    events: context.get(TOKENS.SeatEventLog),
    payments: context.get(TOKENS.PaymentRepository),
    idempotency: context.get(TOKENS.IdempotencyStore),
    history: context.get(TOKENS.HistoryLog),
    unitOfWork: context.get(TOKENS.UnitOfWork),
    paymentLocks: context.get(TOKENS.PaymentLocks),
    notifier: context.get(TOKENS.SeatNotifier),
    paymentGateway: context.get(TOKENS.PaymentGateway),
    clock: context.get(TOKENS.Clock),
    ids: context.get(TOKENS.IdGenerator),
  };
}
