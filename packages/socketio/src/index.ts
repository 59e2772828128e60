export * from './protocol';
export {
  attachSeatGateway,
  SEAT_GATEWAY_DEFAULTS,
  type SeatGateway,
  type SeatGatewayOptions,
} from './gateway';
export { JOINED_WRITES_VERSIONS, type RoomWritePath, type RoomWrites } from './room-write-path';
export type { GatewayStats, RouteSubscribers } from './gateway-stats';
export { BusSeatNotifier } from './bus-notifier';
export type { SeatBusListener, SeatBusMessage, SeatEventBus } from './bus/seat-event-bus';
export { InMemorySeatEventBus } from './bus/in-memory-seat-event-bus';
export {
  DEFAULT_SEAT_EVENT_CHANNEL,
  RedisSeatEventBus,
  type RedisPublisher,
  type RedisSeatEventBusOptions,
  type RedisSubscriber,
} from './bus/redis-seat-event-bus';
export { closeSeatsServer } from './close-seats-server';
export { createSeatsServer, SEATS_SERVER_OPTIONS, type RedisAdapterClients } from './seats-server';
export { DEFAULT_RATE_LIMIT, type RateLimit } from './token-bucket';
export { toRouteRoomEvent, toRouteUpdate, toSeatUpdate, toTicketView } from './views';
