import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox, generateRecoveryCode, hashRecoveryCode, normalizeRecoveryCode } from './two-factor.crypto.js';

describe('secret box (AES-256-GCM)', () => {
  const box = createSecretBox(randomBytes(32));

  it('round-trips, and what it stores is not the secret', () => {
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    const sealed = box.seal(secret, 'user:1');
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain(secret);
    expect(Buffer.from(sealed.split('.')[2]!, 'base64url').toString()).not.toContain(secret);
    expect(box.open(sealed, 'user:1')).toBe(secret);
    // A fresh IV each time: sealing twice never gives the same text.
    expect(box.seal(secret, 'user:1')).not.toBe(sealed);
  });

  it('refuses another context, another key, and any altered part', () => {
    const sealed = box.seal('JBSWY3DPEHPK3PXP', 'user:1');
    expect(box.open(sealed, 'user:2')).toBeNull();
    expect(createSecretBox(randomBytes(32)).open(sealed, 'user:1')).toBeNull();
    const parts = sealed.split('.');
    for (const index of [1, 2, 3]) {
      const altered = [...parts];
      const bytes = Buffer.from(altered[index]!, 'base64url');
      bytes[0] = bytes[0]! ^ 1;
      altered[index] = bytes.toString('base64url');
      expect(box.open(altered.join('.'), 'user:1'), `part ${index}`).toBeNull();
    }
    expect(box.open('v2.a.b.c', 'user:1')).toBeNull();
    expect(box.open('garbage', 'user:1')).toBeNull();
  });

  it('needs a 32-byte key', () => {
    expect(() => createSecretBox(randomBytes(16))).toThrow();
  });
});

describe('recovery codes', () => {
  it('are four groups of four unambiguous characters, all different', () => {
    const codes = Array.from({ length: 50 }, generateRecoveryCode);
    for (const code of codes) expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}$/);
    expect(new Set(codes).size).toBe(50);
  });

  it('forgive case, spaces, dashes and look-alike letters, and refuse anything else', () => {
    const code = '7k2m-9pqr-st0v-wxyz';
    expect(normalizeRecoveryCode(code)).toBe('7k2m9pqrst0vwxyz');
    expect(normalizeRecoveryCode(' 7K2M 9PQR ST0V WXYZ ')).toBe('7k2m9pqrst0vwxyz');
    expect(normalizeRecoveryCode('7k2m-9pqr-stOv-wxyz')).toBe('7k2m9pqrst0vwxyz');
    expect(normalizeRecoveryCode('1111-iiii-llll-0000')).toBe('111111111111' + '0000');
    expect(normalizeRecoveryCode('7k2m-9pqr-st0v-wxy')).toBeNull();
    expect(normalizeRecoveryCode('7k2m-9pqr-st0v-wxyu')).toBeNull();
    expect(normalizeRecoveryCode('123456')).toBeNull();
  });

  it('are stored as SHA-256 hex', () => {
    expect(hashRecoveryCode('7k2m9pqrst0vwxyz')).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRecoveryCode('7k2m9pqrst0vwxyz')).not.toBe(hashRecoveryCode('7k2m9pqrst0vwxy0'));
  });
});
