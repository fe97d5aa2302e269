import type { BenchOptions } from './args.js';
import type { CorpusFile } from './corpus.js';
import type { GeneratedData } from './generate-data.js';
import type { RunPlan } from './measure.js';
import type { ResultRow } from './result.js';
import type { TextGenerator } from './vocabulary.js';

/** What every case gets: the options, the data and a scratch folder. */
export interface BenchContext {
  options: BenchOptions;
  plan: RunPlan;
  /** The plan of the costly in-process steps (a million rows). */
  bigPlan: RunPlan;
  /**
   * The plan of the child processes that copy or compress the whole
   * database: no warm-up run, as every run is a fresh process and the
   * file is in the page cache from the steps before.
   */
  filePlan: RunPlan;
  /** A temporary folder of this run, removed at the end. */
  workDir: string;
  /** The generated meeting database; cases must not change it. */
  data: GeneratedData;
  /** An empty database with the schema and one session, to copy. */
  emptyDbPath: string;
  text: TextGenerator;
  corpus: CorpusFile[];
  /** The repository root, where the built CLI lives. */
  repoRoot: string;
  /** Progress lines for the terminal. */
  log: (line: string) => void;
}

/** One benchmark case: measures itself beside its references. */
export interface BenchCase {
  id: string;
  title: string;
  run(context: BenchContext): Promise<ResultRow[]>;
}
