import { createHash } from 'node:crypto';

/**
 * Names whoever is signed in to what their browser keeps for them (writes waiting to be sent,
 * drafts) without saying who they are: a hash of their random id. A phone that sees another name
 * signed in wipes what the previous person left (`src/app/offline/device-owner.ts`).
 */
export function deviceWriter(id: string): string {
  return createHash('sha256').update(`device-writer:${id}`).digest('base64url').slice(0, 22);
}
