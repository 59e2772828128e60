import { ROLES, type Role } from '@booking/core';
import type { JwtAuth } from '@booking/auth';
import { randomBytes } from 'node:crypto';

/** A fresh secret for development runs without JWT_SECRET (never used in production). */
export function randomSecret(): string {
  return randomBytes(48).toString('base64url');
}

/** One ready token per role, so a developer can call the API at once. */
export async function developmentTokens(auth: JwtAuth): Promise<Record<Role, string>> {
  const entries = await Promise.all(
    ROLES.map(
      async (role) => [role, await auth.sign({ userId: `dev-${role}`, role }, 7 * 24 * 3600)] as const,
    ),
  );
  return Object.fromEntries(entries) as Record<Role, string>;
}
