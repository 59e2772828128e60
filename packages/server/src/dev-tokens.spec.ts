import { describe, expect, it } from '@jest/globals';
import { createJwtAuth } from '@booking/auth';
import { ROLES } from '@booking/core';
import { developmentTokens, randomSecret } from './dev-tokens';

describe('the development tokens printed at start', () => {
  it('are one per role, the driver included, each verifying as its role', async () => {
    const auth = createJwtAuth({ secret: randomSecret() });
    const tokens = await developmentTokens(auth);
    expect(Object.keys(tokens).sort()).toEqual([...ROLES].sort());
    expect(Object.keys(tokens)).toContain('driver');
    for (const role of ROLES) {
      expect((await auth.verify(tokens[role]))._unsafeUnwrap()).toEqual({ userId: `dev-${role}`, role });
    }
  });
});
