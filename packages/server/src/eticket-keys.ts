import { createETicketSigner, generateETicketPrivateKey } from '@booking/auth';
import type { TicketSigner } from '@booking/core';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServerConfig } from './config';

/** Where a development server keeps the e-ticket key it made, inside `DATA_DIR`. */
export const DEVELOPMENT_KEY_FILE = 'eticket-private-key.pem';

/**
 * The e-ticket signer: `ETICKET_PRIVATE_KEY` (with `ETICKET_PUBLIC_KEYS` still accepted), or outside
 * production a key made once and kept in `DATA_DIR` (mode 0600), so codes stay valid across restarts.
 */
export async function loadTicketSigner(
  config: Pick<ServerConfig, 'eticketPrivateKey' | 'eticketPublicKeys' | 'dataDir' | 'production'>,
): Promise<TicketSigner> {
  const privateKey = config.eticketPrivateKey ?? (await developmentKey(config));
  try {
    return await createETicketSigner({ privateKey, publicKeys: config.eticketPublicKeys });
  } catch (error) {
    // The key's text never goes into the message.
    throw new Error(
      `ETICKET_PRIVATE_KEY or ETICKET_PUBLIC_KEYS is not a usable Ed25519 key: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

async function developmentKey(config: Pick<ServerConfig, 'dataDir' | 'production'>): Promise<string> {
  if (config.production) throw new Error('ETICKET_PRIVATE_KEY is required when NODE_ENV=production');
  const file = join(config.dataDir, DEVELOPMENT_KEY_FILE);
  const kept = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (kept !== undefined) return kept;
  await mkdir(config.dataDir, { recursive: true });
  const made = await generateETicketPrivateKey();
  try {
    // `wx`: a second process starting at the same time keeps the first one's key.
    await writeFile(file, made, { mode: 0o600, flag: 'wx' });
    return made;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFile(file, 'utf8');
    throw error;
  }
}
