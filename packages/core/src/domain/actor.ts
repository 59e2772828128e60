export const ROLES = ['customer', 'agent', 'admin', 'driver'] as const;
export type Role = (typeof ROLES)[number];

/** Who is asking: the authenticated user behind a request or socket. */
export interface Actor {
  userId: string;
  role: Role;
}

/** Agents and admins work the counter: they may confirm, suspend and see every ticket. */
export function isStaff(actor: Actor): boolean {
  return actor.role === 'agent' || actor.role === 'admin';
}

/** Drivers, agents and admins board passengers and read manifests; a driver may do nothing else. */
export function mayBoard(actor: Actor): boolean {
  return actor.role === 'driver' || isStaff(actor);
}
