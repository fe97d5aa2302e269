import type { Transform } from 'node:stream';
import * as zlib from 'node:zlib';
import { PassThrough } from 'node:stream';
import type { Compression } from './types.js';

/** File name ending of each codec's archives. */
export const ARCHIVE_EXTENSIONS: Record<Compression, string> = {
  gzip: '.sqlite.gz',
  brotli: '.sqlite.br',
  zstd: '.sqlite.zst',
  none: '.sqlite',
};

type ZstdZlib = {
  createZstdCompress?: () => Transform;
  createZstdDecompress?: () => Transform;
};

/** Zstandard ships in node:zlib only from Node 22.15, so it is optional. */
export function codecAvailable(codec: unknown): codec is Compression {
  if (codec === 'zstd') {
    return typeof (zlib as ZstdZlib).createZstdCompress === 'function';
  }
  return codec === 'gzip' || codec === 'brotli' || codec === 'none';
}

/** A stream that compresses with `codec`; brotli is tuned for speed. */
export function createCompressor(codec: Compression): Transform {
  switch (codec) {
    case 'gzip':
      return zlib.createGzip({ level: 6 });
    case 'brotli':
      return zlib.createBrotliCompress({
        params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 3 },
      });
    case 'zstd':
      return zstd().createZstdCompress();
    case 'none':
      return new PassThrough();
  }
}

/** A stream that undoes {@link createCompressor}; it fails on junk. */
export function createDecompressor(codec: Compression): Transform {
  switch (codec) {
    case 'gzip':
      return zlib.createGunzip();
    case 'brotli':
      return zlib.createBrotliDecompress();
    case 'zstd':
      return zstd().createZstdDecompress();
    case 'none':
      return new PassThrough();
  }
}

function zstd(): Required<ZstdZlib> {
  return zlib as unknown as Required<ZstdZlib>;
}
