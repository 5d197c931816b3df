import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** The bytes of uploaded files. On disk today; an S3-compatible store can implement the same shape. */
export interface BlobStore {
  /**
   * Stores a stream under a new key. Resolves once the bytes are durable; rejects with
   * BlobTooLargeError (and keeps nothing) when the stream passes `maxBytes`.
   */
  put(source: Readable, options: { maxBytes: number; prefix: string }): Promise<StoredBlob>;
  read(key: string): Promise<Readable>;
  remove(key: string): Promise<void>;
}

export interface StoredBlob {
  key: string;
  size: number;
  sha256: string;
  /** The first bytes, to recognise what the file really is. */
  head: Buffer;
}

export class BlobTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`blob is larger than ${maxBytes} bytes`);
    this.name = 'BlobTooLargeError';
  }
}

export class BlobMissingError extends Error {
  constructor(readonly key: string) {
    super(`blob ${key} is missing`);
    this.name = 'BlobMissingError';
  }
}

/** Keys are generated here, never taken from callers, so they cannot climb out of the root. */
export function diskBlobStore(root: string): BlobStore {
  const incoming = path.join(root, '.incoming');
  return {
    async put(source, { maxBytes, prefix }) {
      await mkdir(incoming, { recursive: true });
      const key = `${prefix.replace(/[^a-zA-Z0-9_-]/g, '')}/${randomUUID()}`;
      const partial = path.join(incoming, randomUUID());
      const hash = createHash('sha256');
      let size = 0;
      let head = Buffer.alloc(0);
      const measure = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          size += chunk.length;
          if (size > maxBytes) return done(new BlobTooLargeError(maxBytes));
          if (head.length < 16) head = Buffer.concat([head, chunk.subarray(0, 16 - head.length)]);
          hash.update(chunk);
          done(null, chunk);
        },
      });
      try {
        await pipeline(source, measure, createWriteStream(partial, { flags: 'wx' }));
        // The bytes reach the disk before the row that points at them is committed.
        const handle = await open(partial, 'r');
        await handle.sync();
        await handle.close();
        const final = path.join(root, key);
        await mkdir(path.dirname(final), { recursive: true });
        await rename(partial, final);
      } catch (error) {
        await rm(partial, { force: true });
        throw error;
      }
      return { key, size, sha256: hash.digest('hex'), head };
    },
    async read(key) {
      const file = path.join(root, key);
      try {
        await stat(file);
      } catch {
        throw new BlobMissingError(key);
      }
      return createReadStream(file);
    },
    async remove(key) {
      await rm(path.join(root, key), { force: true });
    },
  };
}
