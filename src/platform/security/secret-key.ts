import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, MIN_SECRET_KEY_LENGTH } from '../../config.js';

export const SECRET_KEY_FILE = 'secret-key';

/**
 * The key that signs cookies (sessions, CSRF). `SECRET_KEY` wins when set (loadConfig checked its length). Otherwise
 * a random key is generated once and kept in `DATA_DIR/secret-key` (mode 0600), so restarts keep everyone signed in.
 * Several app instances must share it: set SECRET_KEY, or share DATA_DIR as they already do for media.
 *
 * Done here, at app build, rather than in loadConfig, which stays free of file-system effects.
 */
export function resolveSecretKey(config: { secretKey: string | null; dataDir: string }): string {
  if (config.secretKey) return config.secretKey;
  const file = path.join(config.dataDir, SECRET_KEY_FILE);
  fs.mkdirSync(config.dataDir, { recursive: true });
  try {
    // 'wx' fails if the file exists: two instances starting at once both end up reading the one that won.
    fs.writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const key = fs.readFileSync(file, 'utf8').trim();
  if (key.length < MIN_SECRET_KEY_LENGTH) {
    throw new ConfigError(
      'SECRET_KEY',
      `is not set and ${file} holds fewer than ${MIN_SECRET_KEY_LENGTH} characters; delete the file to generate a new key, or set SECRET_KEY`,
    );
  }
  return key;
}
