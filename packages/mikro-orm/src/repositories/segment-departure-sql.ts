/**
 * The core's `segmentDepartsAt` in SQL, for a row of `table` (tickets or holds) joined to `routes`:
 * the stop time of the segment's first stop when the route has stop times, else its departure.
 * PostgreSQL arrays count from 1, stop indexes from 0.
 */
export const segmentDepartsAtSql = (table: 'tickets' | 'holds'): string =>
  `coalesce(routes.stop_times[${table}.from_stop_index + 1], routes.departure_at)`;
