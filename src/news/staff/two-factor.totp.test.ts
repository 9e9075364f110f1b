import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { generateTotpSecret, matchTotpStep, totpCode, totpStep, totpUri } from './two-factor.totp.js';

describe('TOTP', () => {
  it('computes the RFC 6238 appendix B test vectors (HMAC-SHA-1, 8 digits)', () => {
    // The RFC's vectors are for 8 digits; the library underneath is the same one two-factor.totp.ts configures.
    const rfc = new TOTP({ secret: Secret.fromLatin1('12345678901234567890'), algorithm: 'SHA1', digits: 8, period: 30 });
    const vectors: [number, string][] = [
      [59, '94287082'],
      [1111111109, '07081804'],
      [1111111111, '14050471'],
      [1234567890, '89005924'],
      [2000000000, '69279037'],
      [20000000000, '65353130'],
    ];
    for (const [seconds, code] of vectors) expect(rfc.generate({ timestamp: seconds * 1000 }), String(seconds)).toBe(code);
  });

  it('gives the 6-digit codes (the last six of the RFC vectors) that apps show', () => {
    const secret = Secret.fromLatin1('12345678901234567890').base32;
    expect(totpCode(secret, new Date(59_000))).toBe('287082');
    expect(totpCode(secret, new Date(1111111109_000))).toBe('081804');
    expect(totpCode(secret, new Date(1234567890_000))).toBe('005924');
  });

  it('matches a code to its time step, one step either side of now and no further', () => {
    const secret = generateTotpSecret();
    const now = new Date('2026-03-01T10:00:15Z');
    const step = totpStep(now);
    expect(matchTotpStep(secret, totpCode(secret, now), now)).toBe(step);
    expect(matchTotpStep(secret, totpCode(secret, new Date(now.getTime() - 30_000)), now)).toBe(step - 1);
    expect(matchTotpStep(secret, totpCode(secret, new Date(now.getTime() + 30_000)), now)).toBe(step + 1);
    expect(matchTotpStep(secret, totpCode(secret, new Date(now.getTime() - 60_000)), now)).toBeNull();
    expect(matchTotpStep(secret, totpCode(secret, new Date(now.getTime() + 60_000)), now)).toBeNull();
    expect(matchTotpStep(secret, 'abcdef', now)).toBeNull();
    expect(matchTotpStep(secret, '12345', now)).toBeNull();
  });

  it('makes 160-bit base32 secrets and an otpauth:// URI apps read', () => {
    const secret = generateTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(generateTotpSecret()).not.toBe(secret);
    const uri = new URL(totpUri(secret, 'jane@example.com', 'The Daily'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/The Daily:jane@example.com');
    expect(Object.fromEntries(uri.searchParams)).toEqual({ issuer: 'The Daily', secret, algorithm: 'SHA1', digits: '6', period: '30' });
  });
});
