import { setTimeout as sleep } from 'node:timers/promises';
import type { EntityName } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sqlite';
import { StenoError } from '@steno/models';
import { BulkWriter, runSql, type BulkInsertResult } from './bulk-writer.js';
import type { Database } from './database.js';
import { isBusyError, translateWriteError } from './sqlite-errors.js';

/** How {@link SessionManager.executeTransaction} retries a busy database. */
export interface RetryOptions {
  /** Attempts in all, the first included. */
  maxAttempts?: number;
  /** First backoff in milliseconds; doubles each retry. */
  baseDelayMs?: number;
  /** Longest single backoff in milliseconds. */
  maxDelayMs?: number;
}

export interface SessionManagerOptions {
  retry?: RetryOptions;
  /** Rows per INSERT statement in bulk writes (capped by SQLite). */
  batchSize?: number;
}

export interface SessionStats {
  transactions: number;
  commits: number;
  rollbacks: number;
  retries: number;
}

const RETRY_DEFAULTS: Required<RetryOptions> = {
  maxAttempts: 8,
  baseDelayMs: 25,
  maxDelayMs: 1_000,
};

/**
 * Units of work over a {@link Database}: each commits when its callback
 * returns and rolls back on any throw; bulk writes bypass the identity map.
 */
export class SessionManager {
  private readonly retry: Required<RetryOptions>;
  private readonly batchSize: number;
  private readonly stats: SessionStats = {
    transactions: 0,
    commits: 0,
    rollbacks: 0,
    retries: 0,
  };

  constructor(
    private readonly db: Database,
    options: SessionManagerOptions = {},
  ) {
    this.retry = { ...RETRY_DEFAULTS, ...options.retry };
    this.batchSize = options.batchSize ?? 5_000;
  }

  /** Runs `work` in one transaction, without retrying. */
  async withUnitOfWork<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.runOnce(work);
  }

  /**
   * Runs `work` in a transaction and runs it again, with bounded backoff,
   * while SQLite reports the database busy or locked — also when a
   * transaction that read first cannot upgrade to write.
   */
  async executeTransaction<T>(
    work: (em: EntityManager) => Promise<T>,
    options: RetryOptions = {},
  ): Promise<T> {
    const retry = { ...this.retry, ...options };
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.runOnce(work);
      } catch (error) {
        await this.waitToRetry(error, attempt, retry, started);
      }
    }
  }

  /** Inserts plain rows in batches, all or nothing. */
  async bulkInsert(
    entity: EntityName<object>,
    rows: readonly Record<string, unknown>[],
  ): Promise<BulkInsertResult> {
    return this.bulkWrite((writer) => writer.insert(nameOf(entity), rows));
  }

  /** Updates rows by primary key in one transaction; returns rows changed. */
  async bulkUpdate(
    entity: EntityName<object>,
    rows: readonly Record<string, unknown>[],
  ): Promise<number> {
    return this.bulkWrite((writer) => writer.update(nameOf(entity), rows));
  }

  /**
   * Runs several bulk writes in one write transaction on one connection.
   * It takes the write lock first (BEGIN IMMEDIATE), so it cannot fail
   * halfway for want of a lock.
   */
  async bulkWrite<T>(work: (writer: BulkWriter) => Promise<T>): Promise<T> {
    const metadata = this.db.orm.getMetadata();
    this.stats.transactions += 1;
    const started = performance.now();
    const result = await this.db.withConnection(async (connection) => {
      await runSql(connection, 'begin immediate');
      try {
        const writer = new BulkWriter(
          connection,
          (name) => metadata.find(name) ?? metadata.get(name),
          this.batchSize,
        );
        const value = await work(writer);
        await runSql(connection, 'commit');
        return value;
      } catch (error) {
        await runSql(connection, 'rollback').catch(() => undefined);
        this.stats.rollbacks += 1;
        throw translateWriteError(error);
      }
    });
    this.stats.commits += 1;
    this.db.recordQuery(performance.now() - started);
    return result;
  }

  getSessionStats(): SessionStats {
    return { ...this.stats };
  }

  private async runOnce<T>(
    work: (em: EntityManager) => Promise<T>,
  ): Promise<T> {
    this.stats.transactions += 1;
    try {
      const result = await this.db.em().transactional((em) => work(em));
      this.stats.commits += 1;
      return result;
    } catch (error) {
      this.stats.rollbacks += 1;
      throw translateWriteError(error);
    }
  }

  /** Sleeps before the next attempt; throws when it must not retry. */
  private async waitToRetry(
    error: unknown,
    attempt: number,
    retry: Required<RetryOptions>,
    started: number,
  ): Promise<void> {
    const db = this.db.config.path;
    if (!isBusyError(error)) throw error;
    if (attempt >= retry.maxAttempts) {
      this.db.logger.warn({ db, attempts: attempt }, 'database stayed busy');
      throw this.busyError(error, attempt, Date.now() - started);
    }

    this.stats.retries += 1;
    const delayMs = backoff(retry, attempt);
    this.db.logger.debug(
      { db, attempt, delay_ms: Math.round(delayMs) },
      'database busy, retrying transaction',
    );
    await sleep(delayMs);
  }

  private busyError(cause: unknown, attempts: number, ms: number): StenoError {
    const seconds = (ms / 1000).toFixed(1);
    return new StenoError(
      'DATABASE_BUSY',
      `database ${this.db.config.path} stayed locked for ${seconds} s ` +
        `over ${attempts} attempts: another connection holds the write ` +
        'lock; retry later or find the process that keeps it open',
      { cause, details: { path: this.db.config.path, attempts, ms } },
    );
  }
}

function backoff(retry: Required<RetryOptions>, attempt: number): number {
  const ceiling = Math.min(
    retry.maxDelayMs,
    retry.baseDelayMs * 2 ** (attempt - 1),
  );
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

function nameOf(entity: EntityName<object>): string {
  if (typeof entity === 'string') return entity;
  if (typeof entity === 'function') return entity.name;
  return (entity as { meta?: { className: string } }).meta?.className ?? '';
}
