import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures, as documented in README.md ("Webhooks"):
 *
 *   Dateline-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 *
 * The key is the endpoint's secret exactly as shown in the newsroom (its UTF-8 bytes, prefix included). The timestamp
 * is signed with the body so that a captured request cannot be replayed later than the receiver's tolerance.
 */
export const SIGNATURE_HEADER = 'Dateline-Signature';
/** Receivers should refuse a signature whose timestamp is further than this from their clock. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

const SECRET_PREFIX = 'whsec_';

/** A new endpoint secret: 24 random bytes, base64url, with a recognisable prefix. */
export function newWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(24).toString('base64url');
}

/** The hex HMAC-SHA256 of "<t>.<body>" under the secret. */
export function webhookSignature(secret: string, timestamp: number, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/** The Dateline-Signature header value for a body sent at `timestamp` (unix seconds). */
export function signatureHeader(secret: string, timestamp: number, body: string | Buffer): string {
  return `t=${timestamp},v1=${webhookSignature(secret, timestamp, body)}`;
}

/**
 * Checks a Dateline-Signature header (constant-time compare; any `v1` in the header may match; the timestamp must be
 * within `toleranceSeconds` of `nowSeconds`). What the README's snippet does, for Node receivers written against this
 * module and for the tests.
 */
export function verifySignatureHeader(
  secret: string,
  header: string | undefined,
  body: string | Buffer,
  nowSeconds: number,
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): boolean {
  if (!header) return false;
  let timestamp = NaN;
  const given: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) given.push(value.toLowerCase());
  }
  if (!Number.isSafeInteger(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(webhookSignature(secret, timestamp, body), 'hex');
  return given.some((hex) => timingSafeEqual(Buffer.from(hex, 'hex'), expected));
}
