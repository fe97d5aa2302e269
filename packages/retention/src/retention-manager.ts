import { Cron } from 'croner';
import { silentLogger, type Database, type Logger } from '@steno/db';
import { StenoError } from '@steno/models';
import { FileJanitor } from './file-janitor.js';
import {
  createRetentionConfig,
  type RetentionConfig,
  type RetentionSeed,
} from './retention-config.js';
import { validateRule, type RetentionRule } from './retention-rule.js';
import { estimateRules } from './estimate-rules.js';
import { runRules, type RunEnv } from './run-retention.js';
import { measureStorage } from './storage-usage.js';
import type {
  BackupService,
  CleanupEstimate,
  CleanupResult,
  JobLock,
  RetentionEvent,
  RetentionRun,
  StorageUsage,
} from './types.js';

/** Options of {@link RetentionManager}. */
export interface RetentionManagerOptions {
  config?: Partial<RetentionConfig> & RetentionSeed;
  /** Folders files may be deleted in; none means no file is deleted. */
  storageRoots?: string[];
  /** What relative file paths are resolved against; the cwd by default. */
  baseDir?: string;
  backupService?: BackupService;
  /** Scheduled runs go through it; direct calls do not. */
  jobLock?: JobLock;
  logger?: Logger;
  onEvent?: (event: RetentionEvent) => void;
  now?: () => Date;
  /** Rows per write transaction; 2,000 by default. */
  batchSize?: number;
  /** Milliseconds a run may delete for; 10 minutes by default. */
  timeBudgetMs?: number;
  /**
   * Allow a full VACUUM when auto_vacuum is off and the disk has room. It
   * blocks writers while it runs, and must not overlap a backup: only
   * scheduled runs, which hold the job lock, guarantee that.
   */
  allowFullVacuum?: boolean;
}

/** Options of {@link RetentionManager.applyRetentionRules}. */
export interface ApplyOptions {
  /** Report without deleting; the config's dryRun by default. */
  dryRun?: boolean;
  /** Only this rule. */
  ruleId?: string;
}

/** What getRetentionStats reports. */
export interface RetentionStats {
  activeRules: number;
  lastCleanup: string | null;
  /** Rows deleted by every run of this manager. */
  totalItemsManaged: number;
  lastResults: CleanupResult[];
}

/**
 * Deletes what has expired by its rules and accounts for every byte.
 * Never deletes an active or paused session or anything it owns.
 */
export class RetentionManager {
  readonly config: RetentionConfig;
  private readonly rules = new Map<string, RetentionRule>();
  private readonly logger: Logger;
  private readonly janitor: FileJanitor;
  private timer: { stop(): void } | null = null;
  private lastRun: RetentionRun | null = null;
  private itemsManaged = 0;

  constructor(
    private readonly db: Database,
    private readonly options: RetentionManagerOptions = {},
  ) {
    this.config = createRetentionConfig(options.config);
    this.logger = options.logger ?? silentLogger;
    const baseDir = options.baseDir ?? process.cwd();
    this.janitor = new FileJanitor(options.storageRoots ?? [], baseDir);
    for (const rule of this.config.rules) this.addRule(rule);
  }

  /** Adds a rule; a rule id already in use is rejected. */
  addRule(rule: RetentionRule): void {
    validateRule(rule);
    if (this.rules.has(rule.ruleId)) {
      throw new StenoError(
        'INVALID_CONFIG',
        `rule ${rule.ruleId} already exists: remove it first or pick ` +
          'another ruleId',
        { details: { ruleId: rule.ruleId } },
      );
    }
    this.rules.set(rule.ruleId, { enabled: true, ...rule });
  }

  /** Removes a rule; returns false when there was none by that id. */
  removeRule(ruleId: string): boolean {
    return this.rules.delete(ruleId);
  }

  getRules(): RetentionRule[] {
    return [...this.rules.values()];
  }

  /**
   * Applies every enabled rule, or only `ruleId` (enabled or not); dry
   * runs change nothing. Returns a result per rule.
   */
  async applyRetentionRules(options: ApplyOptions = {}): Promise<RetentionRun> {
    const rules = options.ruleId
      ? [this.ruleOf(options.ruleId)]
      : this.getRules().filter((rule) => rule.enabled !== false);
    return this.run(rules, options.dryRun ?? this.config.dryRun);
  }

  /** Applies one rule, enabled or not, with the same safeguards. */
  async applyRule(
    ruleId: string,
    options: Omit<ApplyOptions, 'ruleId'> = {},
  ): Promise<CleanupResult> {
    const run = await this.applyRetentionRules({ ...options, ruleId });
    return run.results[0] as CleanupResult;
  }

  /** Items per entity and bytes each rule would free; changes nothing. */
  async estimateCleanup(ruleId?: string): Promise<CleanupEstimate> {
    const rules = ruleId
      ? [this.ruleOf(ruleId)]
      : this.getRules().filter((rule) => rule.enabled !== false);
    return estimateRules(rules, this.env());
  }

  /** Runs cleanup on the configured schedule, through the job lock. */
  startScheduledCleanup(): void {
    if (this.timer || !this.config.enabled) return;
    const job = async (): Promise<void> => {
      await this.scheduledRun();
    };
    const schedule = this.config.schedule;
    if (typeof schedule === 'number') {
      const handle = setInterval(job, schedule * 1000);
      handle.unref();
      this.timer = { stop: () => clearInterval(handle) };
    } else {
      this.timer = cronOf(schedule, job);
    }
  }

  stopScheduledCleanup(): void {
    this.timer?.stop();
    this.timer = null;
  }

  getRetentionStats(): RetentionStats {
    return {
      activeRules: this.getRules().filter((r) => r.enabled !== false).length,
      lastCleanup: this.lastRun?.startedAt ?? null,
      totalItemsManaged: this.itemsManaged,
      lastResults: this.lastRun?.results ?? [],
    };
  }

  /** Space of the data volume, the database and the recorded files. */
  async getStorageUsage(): Promise<StorageUsage> {
    return measureStorage(this.db, this.options.baseDir ?? process.cwd());
  }

  private async scheduledRun(): Promise<RetentionRun | null> {
    const lock = this.options.jobLock;
    try {
      const work = () => this.applyRetentionRules();
      return lock ? await lock.run('retention', work) : await work();
    } catch (error) {
      this.logger.error(
        { job: 'retention', error: String(error) },
        'scheduled retention failed',
      );
      return null;
    }
  }

  private async run(
    rules: RetentionRule[],
    dryRun: boolean,
  ): Promise<RetentionRun> {
    const run = await runRules(rules, this.env(), dryRun);
    if (!dryRun) {
      this.lastRun = run;
      for (const result of run.results) {
        this.itemsManaged += sumOf(result.items);
      }
    }
    return run;
  }

  private ruleOf(ruleId: string): RetentionRule {
    const rule = this.rules.get(ruleId);
    if (rule) return rule;
    const known = [...this.rules.keys()].join(', ') || 'none';
    throw new StenoError(
      'NOT_FOUND',
      `retention rule ${ruleId} not found; known rules: ${known}`,
      { details: { ruleId } },
    );
  }

  private env(): RunEnv {
    const { options } = this;
    const emit = options.onEvent ?? (() => undefined);
    return {
      db: this.db,
      janitor: this.janitor,
      logger: this.logger,
      batchSize: options.batchSize ?? 2_000,
      timeBudgetMs: options.timeBudgetMs ?? 600_000,
      now: options.now ?? (() => new Date()),
      backupBeforeCleanup: this.config.backupBeforeCleanup,
      backupService: options.backupService,
      allowFullVacuum: options.allowFullVacuum ?? false,
      emit: this.config.notifications ? emit : () => undefined,
    };
  }
}

function sumOf(items: Record<string, number>): number {
  return Object.values(items).reduce((sum, n) => sum + n, 0);
}

function cronOf(pattern: string, job: () => Promise<void>): Cron {
  try {
    return new Cron(pattern, { protect: true, unref: true }, job);
  } catch (error) {
    throw new StenoError(
      'INVALID_CONFIG',
      `schedule: ${JSON.stringify(pattern)} is not a cron expression ` +
        `(${(error as Error).message}); use one such as "0 3 * * *" or ` +
        'a number of seconds',
      { cause: error },
    );
  }
}
