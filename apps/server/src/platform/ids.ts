import { createHash, randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

/** Row ids are UUIDv7: unique across instances and ordered by creation, which keyset paging relies on. */
export function newId(): string {
  return uuidv7();
}

/** A secret handed to a person or integration (session, API token, invitation link). */
export function newSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** Secrets are stored only as their SHA-256, so a leaked database cannot be replayed as logins. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
