/** The Socket.IO namespace of live seat maps. */
export const SEATS_NAMESPACE = '/seats';
/** Every subscriber of a route joins this room: its `seat_update`s and `route_update`s go there. */
export const routeRoom = (routeId: string) => `route:${routeId}`;
/** Every authenticated socket of one user joins this room: `ticket_update` goes there only. */
export const userRoom = (userId: string) => `user:${userId}`;

/** Longer than any token the server issues; a longer one is refused before it is verified. */
export const MAX_TOKEN_LENGTH = 8192;
