import { Secret, TOTP } from 'otpauth';

/**
 * TOTP (RFC 6238) as every authenticator app does it by default: HMAC-SHA-1, 6 digits, 30-second steps. The
 * arithmetic is otpauth's (tested against the RFC's vectors in two-factor.totp.test.ts); this module fixes the
 * parameters and turns "does this code match" into "which time step did it match", which replay protection needs.
 */
export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;
/** Codes one step either side of now are accepted, for phones whose clocks are a little off. */
export const TOTP_WINDOW = 1;
/** 160 bits, the HMAC-SHA-1 block RFC 4226 recommends. */
const SECRET_BYTES = 20;

function totp(secretBase32: string, account = '', issuer = ''): TOTP {
  return new TOTP({
    issuer,
    label: account,
    algorithm: 'SHA1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** A new random secret, base32 without padding (what apps accept when typed in). */
export function generateTotpSecret(): string {
  return new Secret({ size: SECRET_BYTES }).base32;
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secretBase32: string, account: string, issuer: string): string {
  return totp(secretBase32, account, issuer).toString();
}

/** The time step a moment falls in. */
export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/** The code for a moment (for tests and for showing what is expected; the app computes the same). */
export function totpCode(secretBase32: string, at: Date): string {
  return totp(secretBase32).generate({ timestamp: at.getTime() });
}

/** The time step `code` belongs to, within TOTP_WINDOW steps of `at`, or null when it matches none. */
export function matchTotpStep(secretBase32: string, code: string, at: Date): number | null {
  if (!/^\d+$/.test(code)) return null;
  const delta = totp(secretBase32).validate({ token: code, timestamp: at.getTime(), window: TOTP_WINDOW });
  return delta === null ? null : totpStep(at) + delta;
}
