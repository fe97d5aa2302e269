const WINDOW = 1_000;

/** Counts queries and keeps the latest durations for percentiles. */
export class QueryStats {
  private count = 0;
  private totalMs = 0;
  private readonly recent: number[] = [];

  record(durationMs: number): void {
    this.count += 1;
    this.totalMs += durationMs;
    this.recent.push(durationMs);
    if (this.recent.length > WINDOW) this.recent.shift();
  }

  get queryCount(): number {
    return this.count;
  }

  get averageMs(): number {
    return this.count === 0 ? 0 : this.totalMs / this.count;
  }

  /** The 95th percentile of the last thousand queries (nearest rank). */
  get p95Ms(): number {
    if (this.recent.length === 0) return 0;
    const sorted = [...this.recent].sort((a, b) => a - b);
    const rank = Math.ceil(0.95 * sorted.length) - 1;
    return sorted[rank] ?? 0;
  }
}
