import { hash, verify } from '@node-rs/argon2';

// argon2id with the OWASP-recommended floor (19 MiB, 2 passes); about 30 ms here.
const options = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(passwordHash: string, password: string): Promise<boolean>;
}

export const argon2Hasher: PasswordHasher = {
  hash: (password) => hash(password, options),
  async verify(passwordHash, password) {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  },
};

/** Verified against when no user matches, so a wrong email costs as long as a wrong password. */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(hasher: PasswordHasher): Promise<string> {
  decoyHash ??= hasher.hash('not-a-real-password-decoy');
  return decoyHash;
}
