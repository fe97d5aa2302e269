import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** One transcript file of the corpus. */
export interface CorpusFile {
  path: string;
  name: string;
  bytes: number;
}

const CANDIDATE_DIRS = [
  resolve(import.meta.dirname, '../../fixtures/transcripts'),
  '/work/shared/corpus',
];

const TRANSCRIPT = /\.(vtt|srt|json)$/i;

/**
 * The transcript files of the corpus: `STENO_CORPUS`, the repository's
 * fixtures and the shared corpus, each name once, largest first.
 */
export function findCorpus(env = process.env): CorpusFile[] {
  const seen = new Map<string, CorpusFile>();
  for (const dir of [env.STENO_CORPUS, ...CANDIDATE_DIRS]) {
    if (!dir || !existsSync(dir)) continue;
    for (const file of listCorpus(dir)) {
      if (!seen.has(file.name)) seen.set(file.name, file);
    }
  }
  return [...seen.values()].sort((a, b) => b.bytes - a.bytes);
}

/** The transcript files of one folder. */
export function listCorpus(dir: string): CorpusFile[] {
  return readdirSync(dir)
    .filter((name) => TRANSCRIPT.test(name))
    .map((name) => {
      const path = join(dir, name);
      return { path, name, bytes: statSync(path).size };
    });
}

/** The spoken words of one file, without timings, ids or markup. */
export function spokenText(path: string): string {
  const raw = readFileSync(path, 'utf8');
  if (path.toLowerCase().endsWith('.json')) return jsonText(raw);
  return raw
    .split(/\r?\n/)
    .filter((line) => !/-->|^\d+$|^WEBVTT|^NOTE\b/.test(line.trim()))
    .map((line) => line.replace(/<[^>]*>/g, ' ').replace(/^[^:]{1,40}:/, ''))
    .join(' ');
}

function jsonText(raw: string): string {
  const data = JSON.parse(raw) as { segments?: { text?: unknown }[] };
  return (data.segments ?? [])
    .map((segment) => String(segment.text ?? ''))
    .join(' ');
}
