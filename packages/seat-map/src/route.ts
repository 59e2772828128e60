import { restCall } from '@booking/client';
import type { SeatLayout } from './layout';

/** What the seat map needs of `GET /routes/:id`. */
export interface RouteInfo {
  id: string;
  fromCity: string;
  toCity: string;
  stops: string[];
  departureAt: string;
  /** The departure first announced (servers before departure changes leave it out). */
  scheduledDepartureAt?: string;
  price: number;
  layout: SeatLayout;
  segmentPrices?: { fromCity: string; toCity: string; price: number }[];
}

/** Loads a route (public: no token). Rejects with the server's `{ code, message }`. */
export async function loadRoute(server: string, routeId: string): Promise<RouteInfo> {
  return (await restCall<RouteInfo>(server, 'GET', `/routes/${encodeURIComponent(routeId)}`)).body;
}

/** The price of a seat from `from` to `to` (default: the whole route), as the server charges it. */
export function segmentPrice(route: RouteInfo, from?: string, to?: string): number {
  const fromCity = from || route.fromCity;
  const toCity = to || route.toCity;
  const special = route.segmentPrices?.find((p) => p.fromCity === fromCity && p.toCity === toCity);
  return special?.price ?? route.price;
}
