import type { Database, Logger } from '@steno/db';
import type { FileOutcome } from './file-janitor.js';
import {
  countFileReferences,
  readPendingFiles,
  writePendingFiles,
} from './pending-files.js';
import type { RuleOutcome, RunContext } from './rule-runner.js';
import { inWriteTransaction } from './sql.js';

/**
 * Deletes each path no surviving row names, then drops it from the
 * pending list unless the delete failed: failures are retried next run.
 */
export async function removeFiles(
  paths: readonly string[],
  context: RunContext,
  outcome: RuleOutcome,
): Promise<void> {
  const unique = [...new Set(paths)];
  if (unique.length === 0) return;
  const settled: string[] = [];
  for (const path of unique) {
    const refs = await context.db.withConnection((c) =>
      countFileReferences(c, path),
    );
    if (refs === 0) {
      const result = await context.janitor.deleteFile(path);
      outcome.files.push(result);
      logFile(context.logger, result);
      if (result.outcome === 'failed') continue;
      if (result.outcome === 'deleted') outcome.fileBytes += result.bytes;
    }
    settled.push(path);
  }
  await settlePending(context.db, settled);
}

async function settlePending(db: Database, done: string[]): Promise<void> {
  if (done.length === 0) return;
  const finished = new Set(done);
  await db.withConnection((c) =>
    inWriteTransaction(c, async () => {
      const pending = await readPendingFiles(c);
      await writePendingFiles(
        c,
        pending.filter((path) => !finished.has(path)),
      );
    }),
  );
}

/** Adds the bytes of files no row outside the set would still name. */
export async function priceFiles(
  context: RunContext,
  references: Map<string, number>,
  outcome: RuleOutcome,
): Promise<void> {
  for (const [path, inSet] of references) {
    const total = await context.db.withConnection((c) =>
      countFileReferences(c, path),
    );
    if (total > inSet) continue;
    outcome.fileBytes += await context.janitor.sizeIfDeletable(path);
  }
}

function logFile(logger: Logger, result: FileOutcome): void {
  if (result.outcome === 'failed' || result.outcome === 'refused') {
    logger.warn({ file: result.path, outcome: result.outcome }, 'file kept');
  } else {
    logger.debug({ file: result.path, outcome: result.outcome }, 'file gone');
  }
}
