import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createCompressor, createDecompressor } from './codec.js';
import type { Compression, ProgressCallback } from './types.js';

/** Opens a file for writing; tests inject one that fails like a disk. */
export type OpenWriteStream = (path: string) => Writable;

export const openExclusive: OpenWriteStream = (path) =>
  createWriteStream(path, { flags: 'wx', mode: 0o600 });

export interface ArchiveResult {
  /** SHA-256 of the archive bytes. */
  checksum: string;
  archiveSize: number;
  plainSize: number;
}

interface StreamOptions {
  codec: Compression;
  phase: string;
  onProgress?: ProgressCallback;
  openWrite?: OpenWriteStream;
  /** Destroys every stream of the pipeline when aborted. */
  signal?: AbortSignal;
}

/**
 * Streams `source` through the codec into `target`, hashing the archive
 * bytes on the way. Memory stays flat whatever the file size.
 */
export async function compressFile(
  source: string,
  target: string,
  options: StreamOptions,
): Promise<ArchiveResult> {
  const plainSize = (await stat(source)).size;
  const hash = createHash('sha256');
  let archiveSize = 0;
  const counter = meter(plainSize, options);
  const tap = hashTap(hash, (n) => (archiveSize += n));

  const open = options.openWrite ?? openExclusive;
  await pipeline(
    createReadStream(source),
    counter,
    createCompressor(options.codec),
    tap,
    open(target),
    { signal: options.signal },
  );
  return { checksum: hash.digest('hex'), archiveSize, plainSize };
}

/**
 * Streams an archive through the decoder into `target`, hashing the
 * archive bytes as read. Throws on a corrupt or truncated archive.
 */
export async function extractArchive(
  archive: string,
  target: string,
  options: StreamOptions,
): Promise<ArchiveResult> {
  const archiveSize = (await stat(archive)).size;
  const hash = createHash('sha256');
  let plainSize = 0;
  const tap = hashTap(hash, () => undefined);
  const counter = meter(archiveSize, options);
  const sizeTap = hashTap(null, (n) => (plainSize += n));

  const open = options.openWrite ?? openExclusive;
  await pipeline(
    createReadStream(archive),
    tap,
    counter,
    createDecompressor(options.codec),
    sizeTap,
    open(target),
    { signal: options.signal },
  );
  return { checksum: hash.digest('hex'), archiveSize, plainSize };
}

/** The SHA-256 of a file, streamed. */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

function hashTap(hash: Hash | null, count: (n: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash?.update(chunk);
      count(chunk.length);
      done(null, chunk);
    },
  });
}

/** Passes bytes through, reporting progress at most every 1 MiB. */
function meter(total: number, options: StreamOptions): Transform {
  let done = 0;
  let reported = 0;
  const report = (): void =>
    options.onProgress?.({
      phase: options.phase,
      done,
      total,
      unit: 'bytes',
    });
  return new Transform({
    transform(chunk: Buffer, _encoding, next) {
      done += chunk.length;
      if (done - reported >= 1 << 20) {
        reported = done;
        report();
      }
      next(null, chunk);
    },
    flush(next) {
      report();
      next();
    },
  });
}
