export const ROLES = ['customer', 'agent', 'admin'] as const;
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
