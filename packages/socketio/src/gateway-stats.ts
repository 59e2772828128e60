export interface RouteSubscribers {
  routeId: string;
  subscriberCount: number;
}

/** The admin `/stats` body: connections and live subscribers per route. */
export interface GatewayStats {
  connections: number;
  totalRoutes: number;
  routeDetails: RouteSubscribers[];
}

const ROUTE_ROOM_PREFIX = 'route:';

/** Counts sockets and route-room members from each socket's rooms. */
export function statsFromRooms(socketRooms: Iterable<Iterable<string>>): GatewayStats {
  let connections = 0;
  const perRoute = new Map<string, number>();
  for (const rooms of socketRooms) {
    connections += 1;
    for (const room of rooms) {
      if (!room.startsWith(ROUTE_ROOM_PREFIX)) continue;
      const routeId = room.slice(ROUTE_ROOM_PREFIX.length);
      perRoute.set(routeId, (perRoute.get(routeId) ?? 0) + 1);
    }
  }
  const routeDetails = [...perRoute]
    .map(([routeId, subscriberCount]) => ({ routeId, subscriberCount }))
    .sort((a, b) => b.subscriberCount - a.subscriberCount || a.routeId.localeCompare(b.routeId));
  return { connections, totalRoutes: routeDetails.length, routeDetails };
}
