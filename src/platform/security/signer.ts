import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * HMAC-SHA256 signatures for small values a reader carries (form tokens, "my comments" cookies, unsubscribe
 * links). `purpose` is mixed into the key so a value signed for one use cannot be replayed as another.
 */
export interface Signer {
  sign(purpose: string, value: string): string;
  /** The value, if the token was signed by us for this purpose; null otherwise. */
  verify(purpose: string, token: string): string | null;
  /** A 32-byte key for one purpose (HKDF-SHA256 of the secret), e.g. to encrypt values at rest. */
  deriveKey(purpose: string): Buffer;
}

export function createSigner(secret: string): Signer {
  const mac = (purpose: string, value: string) => createHmac('sha256', secret).update(`${purpose}\n${value}`).digest('base64url');
  return {
    sign: (purpose, value) => `${Buffer.from(value).toString('base64url')}.${mac(purpose, value)}`,
    verify(purpose, token) {
      const dot = token.lastIndexOf('.');
      if (dot <= 0) return null;
      const value = Buffer.from(token.slice(0, dot), 'base64url').toString();
      const expected = Buffer.from(mac(purpose, value));
      const given = Buffer.from(token.slice(dot + 1));
      return given.length === expected.length && timingSafeEqual(given, expected) ? value : null;
    },
    deriveKey: (purpose) => Buffer.from(hkdfSync('sha256', secret, '', `dateline:${purpose}`, 32)),
  };
}
