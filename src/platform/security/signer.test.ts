import { describe, expect, it } from 'vitest';
import { createSigner } from './signer.js';

describe('signer', () => {
  const signer = createSigner('k'.repeat(32));
  it('verifies its own tokens and nothing else', () => {
    const token = signer.sign('form', '12.1700000000000');
    expect(signer.verify('form', token)).toBe('12.1700000000000');
    expect(signer.verify('other-purpose', token)).toBeNull();
    expect(
      signer.verify(
        'form',
        token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
      ),
    ).toBeNull();
    expect(signer.verify('form', `${Buffer.from('13.1700000000000').toString('base64url')}.${token.split('.')[1]}`)).toBeNull();
    expect(createSigner('x'.repeat(32)).verify('form', token)).toBeNull();
    expect(signer.verify('form', 'garbage')).toBeNull();
  });

  it('derives a different 32-byte key for each purpose and secret, the same one every time', () => {
    const key = signer.deriveKey('two-factor');
    expect(key).toHaveLength(32);
    expect(signer.deriveKey('two-factor').equals(key)).toBe(true);
    expect(signer.deriveKey('other').equals(key)).toBe(false);
    expect(createSigner('x'.repeat(32)).deriveKey('two-factor').equals(key)).toBe(false);
  });
});
