import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** What links sent by SMS are made of: the site's address and the key that signs their tokens. */
export interface SignedLinks {
  publicUrl: URL;
  secret: string;
}

/** Why a token exists: a cancel token cannot open a survey, nor the reverse. */
export type TokenPurpose = 'callback-cancel' | 'satisfaction-survey';

const tokenShape = /^[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{12}$/;

/**
 * A token for a link sent by SMS: 96 random bits, signed for its purpose (so a made-up token is
 * refused before any database lookup), short enough for a link to fit one SMS with its sentence.
 * Only the hash of the random part is stored: the database alone cannot rebuild a link.
 */
export function newSignedToken(secret: string, purpose: TokenPurpose): { token: string; hash: string } {
  const nonce = randomBytes(12).toString('base64url');
  return { token: `${nonce}.${signature(secret, purpose, nonce)}`, hash: hashOfNonce(nonce) };
}

/** The stored hash a genuine token leads to; undefined for a malformed or forged one. */
export function verifySignedToken(secret: string, purpose: TokenPurpose, token: string): string | undefined {
  if (!tokenShape.test(token)) return undefined;
  const [nonce = '', given = ''] = token.split('.');
  const expected = Buffer.from(signature(secret, purpose, nonce));
  const received = Buffer.from(given);
  if (expected.length !== received.length || !timingSafeEqual(expected, received)) return undefined;
  return hashOfNonce(nonce);
}

function signature(secret: string, purpose: TokenPurpose, nonce: string): string {
  return createHmac('sha256', secret).update(`${purpose}:${nonce}`).digest().subarray(0, 9).toString('base64url');
}

function hashOfNonce(nonce: string): string {
  return createHash('sha256').update(nonce).digest('hex');
}

/** The absolute address of a path on this site, for a message read outside it. */
export function absoluteLink(links: SignedLinks, path: string): string {
  return new URL(path, links.publicUrl).href;
}
