import type { BenchCase } from '../context.js';
import { ingestCase } from './ingest.js';

/** Every case, in the order they run and print. */
export const CASES: BenchCase[] = [ingestCase];
