import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { generateETicketPrivateKey } from '@booking/auth';
import { DEVELOPMENT_KEY_FILE, loadTicketSigner } from './eticket-keys';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'eticket-keys-'));
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

const kidOf = async (signer: Awaited<ReturnType<typeof loadTicketSigner>>) => signer.jwks().keys[0]?.kid;

describe('the e-ticket key', () => {
  it('is made once in development, kept in DATA_DIR with mode 0600, and the same after a restart', async () => {
    const first = await loadTicketSigner({ dataDir, production: false });
    const file = join(dataDir, DEVELOPMENT_KEY_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const restarted = await loadTicketSigner({ dataDir, production: false });
    expect(await kidOf(restarted)).toBe(await kidOf(first));
    const claims = {
      ticketId: 't-1',
      pnr: 'PNR12345',
      routeId: 'r-1',
      seatNumber: 4,
      fromStopIndex: 0,
      toStopIndex: 1,
      fromCity: 'A',
      toCity: 'B',
      passengerName: 'Ada',
      departureAt: '2030-01-01T08:00:00.000Z',
    };
    expect((await restarted.verify(await first.sign(claims)))._unsafeUnwrap()).toEqual(claims);
  });

  it('is ETICKET_PRIVATE_KEY when set (PEM or JWK), with the older public keys listed after it', async () => {
    const pem = await generateETicketPrivateKey();
    const old = await loadTicketSigner({ dataDir, production: true, eticketPrivateKey: pem });
    const current = await loadTicketSigner({
      dataDir,
      production: true,
      eticketPrivateKey: await generateETicketPrivateKey(),
      eticketPublicKeys: JSON.stringify(old.jwks().keys),
    });
    expect(current.jwks().keys.map((key) => key.kid)).toEqual([await kidOf(current), await kidOf(old)]);
    await expect(stat(join(dataDir, DEVELOPMENT_KEY_FILE))).rejects.toThrow();
  });

  it('is refused in production when unset, and when it is not an Ed25519 key', async () => {
    await expect(loadTicketSigner({ dataDir, production: true })).rejects.toThrow('ETICKET_PRIVATE_KEY');
    await expect(
      loadTicketSigner({ dataDir, production: true, eticketPrivateKey: 'not a key' }),
    ).rejects.toThrow('ETICKET_PRIVATE_KEY');
  });
});
