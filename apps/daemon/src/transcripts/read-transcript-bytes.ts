import type { Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { StenoError } from '@steno/models';

/**
 * The largest transcript file import reads. A day of speech as Whisper
 * JSON with word timings is ~100 MiB; the cap keeps a mistaken path from
 * exhausting the memory of a 1 GiB device.
 */
export const MAX_TRANSCRIPT_BYTES = 256 * 1024 * 1024;

/**
 * Reads a transcript file whole. Refuses, before reading a byte, anything
 * that is not a regular file (a device such as /dev/zero never ends) and
 * files over {@link MAX_TRANSCRIPT_BYTES}.
 */
export async function readTranscriptBytes(path: string): Promise<Buffer> {
  const handle = await openFile(path);
  try {
    checkReadable(path, await handle.stat());
    return await handle.readFile();
  } catch (error) {
    if (error instanceof StenoError) throw error;
    throw unreadable(path, error);
  } finally {
    await handle.close();
  }
}

async function openFile(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw unreadable(path, error);
    throw new StenoError('NOT_FOUND', `${path}: no such file`, {
      cause: error,
      details: { file: path },
    });
  }
}

function checkReadable(path: string, info: Stats): void {
  if (!info.isFile()) {
    const what = info.isDirectory()
      ? 'a directory (EISDIR)'
      : 'not a regular file (a device, pipe or socket)';
    throw new StenoError(
      'FILE_UNREADABLE',
      `${path}: is ${what}; import a transcript file`,
      { details: { file: path } },
    );
  }
  if (info.size > MAX_TRANSCRIPT_BYTES) {
    throw new StenoError(
      'FILE_UNREADABLE',
      `${path}: ${info.size} bytes is over the import limit of ` +
        `${MAX_TRANSCRIPT_BYTES} bytes (256 MiB); split the transcript ` +
        'into smaller files',
      { details: { file: path, size: info.size } },
    );
  }
}

function unreadable(path: string, error: unknown): StenoError {
  const code = (error as NodeJS.ErrnoException).code;
  const why = code === 'EISDIR' ? 'is a directory' : 'cannot be read';
  return new StenoError(
    'FILE_UNREADABLE',
    `${path}: ${why} (${code ?? (error as Error).message}); ` +
      'check the path and its permissions',
    { cause: error, details: { file: path } },
  );
}
