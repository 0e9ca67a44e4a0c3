import { describe, expect, it } from 'vitest';
import { newSignedToken, verifySignedToken } from '../../src/server/security/signed-token.ts';

const secret = 'a-test-secret-of-at-least-thirty-two-characters';

describe('signed link tokens', () => {
  it('lead back to the stored hash, for their purpose only', () => {
    const { token, hash } = newSignedToken(secret, 'callback-cancel');
    expect(token).toMatch(/^[\w-]{16}\.[\w-]{12}$/);
    expect(verifySignedToken(secret, 'callback-cancel', token)).toBe(hash);
    expect(verifySignedToken(secret, 'satisfaction-survey', token)).toBeUndefined();
    expect(verifySignedToken('another-secret-of-at-least-thirty-two-chars', 'callback-cancel', token)).toBeUndefined();
  });

  it('refuse a changed nonce or signature, and anything malformed', () => {
    const { token } = newSignedToken(secret, 'callback-cancel');
    const flip = (text: string, at: number) => `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`;
    expect(verifySignedToken(secret, 'callback-cancel', flip(token, 0))).toBeUndefined();
    expect(verifySignedToken(secret, 'callback-cancel', flip(token, 20))).toBeUndefined();
    for (const bad of ['', 'RAP-0000-0000', `${token}x`, token.replace('.', '')]) {
      expect(verifySignedToken(secret, 'callback-cancel', bad)).toBeUndefined();
    }
  });

  it('are different each time', () => {
    const tokens = new Set(Array.from({ length: 50 }, () => newSignedToken(secret, 'satisfaction-survey').token));
    expect(tokens.size).toBe(50);
  });
});
