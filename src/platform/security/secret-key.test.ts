import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.js';
import { resolveSecretKey, SECRET_KEY_FILE } from './secret-key.js';

describe('secret key', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-key-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads SECRET_KEY from the environment and refuses a short one, naming the variable', () => {
    const key = 'k'.repeat(40);
    expect(loadConfig({ SECRET_KEY: key }).secretKey).toBe(key);
    expect(loadConfig({}).secretKey).toBeNull();
    expect(() => loadConfig({ SECRET_KEY: 'too-short' })).toThrow(ConfigError);
    expect(() => loadConfig({ SECRET_KEY: 'too-short' })).toThrow(/\bSECRET_KEY\b.*at least 32/);
  });

  it('reads ADMIN_EMAIL, lowercased, and refuses a non-address', () => {
    expect(loadConfig({}).adminEmail).toBe('admin@localhost');
    expect(loadConfig({ ADMIN_EMAIL: 'Boss@Example.com' }).adminEmail).toBe('boss@example.com');
    expect(() => loadConfig({ ADMIN_EMAIL: 'not an email' })).toThrow(/\bADMIN_EMAIL\b/);
  });

  it('prefers SECRET_KEY and then writes nothing', () => {
    const dataDir = tempDir();
    expect(resolveSecretKey({ secretKey: 'x'.repeat(32), dataDir })).toBe('x'.repeat(32));
    expect(fs.existsSync(path.join(dataDir, SECRET_KEY_FILE))).toBe(false);
  });

  it('otherwise generates a key once, keeps it in DATA_DIR/secret-key readable only by its owner, and reuses it', () => {
    const dataDir = path.join(tempDir(), 'nested');
    const first = resolveSecretKey({ secretKey: null, dataDir });
    expect(first.length).toBeGreaterThanOrEqual(32);
    const file = path.join(dataDir, SECRET_KEY_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(resolveSecretKey({ secretKey: null, dataDir })).toBe(first);
    expect(resolveSecretKey({ secretKey: null, dataDir: tempDir() })).not.toBe(first);
  });

  it('refuses a key file that was emptied or truncated', () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, SECRET_KEY_FILE), 'short\n');
    expect(() => resolveSecretKey({ secretKey: null, dataDir })).toThrow(/SECRET_KEY/);
  });
});
