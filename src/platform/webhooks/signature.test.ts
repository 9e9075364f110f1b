import { describe, expect, it } from 'vitest';
import { documentedVerifier } from '../../../test/helpers/webhook-receiver.js';
import { newWebhookSecret, signatureHeader, verifySignatureHeader, webhookSignature } from './signature.js';

// Computed independently: printf '%s' "1700000000.$BODY" | openssl dgst -sha256 -hmac "$SECRET"
const SECRET = 'whsec_MfKQ9r3e1uWJx0hTz5b7VdA2yLpN8sGc';
const BODY = '{"id":"d3b07384-d9a0-4c9b-8a57-2f3e1d6c1a2b","event":"ping"}';
const T = 1_700_000_000;
const EXPECTED = '47809bbe37660253ebde91aedf499037853bfbc07374752e6e4106dac6adbc7a';

describe('webhook signatures', () => {
  it('signs "<t>.<body>" with HMAC-SHA256 (a known vector)', () => {
    expect(webhookSignature(SECRET, T, BODY)).toBe(EXPECTED);
    expect(webhookSignature(SECRET, T, Buffer.from(BODY))).toBe(EXPECTED);
    expect(signatureHeader(SECRET, T, BODY)).toBe(`t=${T},v1=${EXPECTED}`);
  });

  it('verifies a good header and refuses tampering, another secret and stale or future timestamps', () => {
    const header = signatureHeader(SECRET, T, BODY);
    expect(verifySignatureHeader(SECRET, header, BODY, T + 10)).toBe(true);
    expect(verifySignatureHeader(SECRET, header, BODY.replace('ping', 'pong'), T)).toBe(false);
    expect(verifySignatureHeader(`${SECRET}x`, header, BODY, T)).toBe(false);
    expect(verifySignatureHeader(SECRET, header, BODY, T + 301)).toBe(false);
    expect(verifySignatureHeader(SECRET, header, BODY, T - 301)).toBe(false);
    expect(verifySignatureHeader(SECRET, `t=${T + 1},v1=${EXPECTED}`, BODY, T)).toBe(false);
    expect(verifySignatureHeader(SECRET, undefined, BODY, T)).toBe(false);
    expect(verifySignatureHeader(SECRET, 'garbage', BODY, T)).toBe(false);
    // Several v1 values (say, during a rotation): any may match.
    expect(verifySignatureHeader(SECRET, `t=${T},v1=${'0'.repeat(64)},v1=${EXPECTED}`, BODY, T)).toBe(true);
  });

  it('the README snippet verifies exactly what the platform signs', () => {
    const verify = documentedVerifier();
    const header = signatureHeader(SECRET, T, BODY);
    expect(verify(SECRET, header, Buffer.from(BODY), T + 299)).toBe(true);
    expect(verify(SECRET, `t=${T},v1=${EXPECTED}`, Buffer.from(BODY), T)).toBe(true);
    expect(verify(SECRET, header, Buffer.from(`${BODY} `), T)).toBe(false);
    expect(verify(SECRET, header, Buffer.from(BODY), T + 301)).toBe(false);
    expect(verify(SECRET, `t=${T},v1=abc`, Buffer.from(BODY), T)).toBe(false);
    expect(verify(SECRET, undefined, Buffer.from(BODY), T)).toBe(false);
  });

  it('makes long random secrets with a recognisable prefix', () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
    expect(newWebhookSecret()).not.toBe(a);
  });
});
