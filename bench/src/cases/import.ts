import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Database, SessionManager } from '@steno/db';
import type { BenchCase, BenchContext } from '../context.js';
import { copyDatabase, removeDatabase } from '../fresh-db.js';
import { compareSteps } from '../measure.js';
import { compareRow, missingRow } from '../result.js';
import { summarize } from '../stats.js';

/** The slice of the daemon's transcript module this case drives. */
interface TranscriptModule {
  readTranscriptFiles(paths: string[]): Promise<ParsedFile[]>;
  storeTranscripts(
    files: ParsedFile[],
    options: { sessionManager: SessionManager },
  ): Promise<unknown[]>;
}

interface ParsedFile {
  name: string;
  transcript: { cues: unknown[] };
}

// From source through tsx: the daemon's entry point does not export it.
const MODULE = 'apps/daemon/src/transcripts/import-transcripts.ts';

/**
 * Import: storing the longest corpus transcript (most cues) in a fresh
 * database vs parsing it alone; storing may cost no more than parsing.
 */
export const importCase: BenchCase = {
  id: 'import',
  title: 'import',
  async run(context) {
    const module = await loadTranscripts(context);
    if (typeof module === 'string') {
      return [missingRow('import', 'import', 'unavailable', module)];
    }
    const file = await longestTranscript(context, module);
    const path = file.name;
    const plan = { warmups: 3, runs: Math.max(5, context.plan.runs * 3) };
    const times = await compareSteps(
      plan,
      () => storeOnce(context, module, file),
      async () => void (await module.readTranscriptFiles([path])),
    );
    const cues = file.transcript.cues.length;
    return [
      compareRow(
        'import.store-vs-parse',
        'import: store vs parse, longest transcript',
        side(`storeTranscripts, ${cues} cues`, times.subject),
        side('readTranscriptFiles (read + parse)', times.reference),
        { op: '<=', value: 1 },
        [`file: ${path.split('/').at(-1)}`],
      ),
    ];
  },
};

function side(label: string, times: number[]) {
  return { label, unit: 'ms' as const, summary: summarize(times) };
}

/** The daemon's module from source (tsx runs it), or why not. */
async function loadTranscripts(
  context: BenchContext,
): Promise<TranscriptModule | string> {
  const path = join(context.repoRoot, MODULE);
  if (!existsSync(path)) return `${MODULE} does not exist yet`;
  const module = (await import(pathToFileURL(path).href)) as Partial<
    Record<keyof TranscriptModule, unknown>
  >;
  if (typeof module.readTranscriptFiles !== 'function') {
    return `${MODULE} does not export readTranscriptFiles`;
  }
  if (typeof module.storeTranscripts !== 'function') {
    return `${MODULE} does not export storeTranscripts`;
  }
  return module as TranscriptModule;
}

async function longestTranscript(
  context: BenchContext,
  module: TranscriptModule,
): Promise<ParsedFile> {
  const parsed = await module.readTranscriptFiles(
    context.corpus.map((file) => file.path),
  );
  const byCues = parsed.sort(
    (a, b) => b.transcript.cues.length - a.transcript.cues.length,
  );
  if (!byCues[0]) throw new Error('no transcript in the corpus to import');
  return byCues[0];
}

/** Stores the parsed file into a fresh database; only the store counts. */
async function storeOnce(
  context: BenchContext,
  module: TranscriptModule,
  file: ParsedFile,
): Promise<number> {
  const path = join(context.workDir, 'import.db');
  copyDatabase(context.emptyDbPath, path);
  const db = new Database({ path });
  await db.connect();
  try {
    const sessionManager = new SessionManager(db);
    const started = performance.now();
    await module.storeTranscripts([file], { sessionManager });
    return performance.now() - started;
  } finally {
    await db.disconnect();
    removeDatabase(path);
  }
}
