import { describe, expect, it } from 'vitest';
import { EventBus } from './event-bus.js';
import type { DeliveredEvent } from './events.js';
import { fromBackupEvent, fromRetentionEvent } from './manager-events.js';

describe('EventBus', () => {
  it('delivers by type, then to catch-all subscribers', () => {
    const bus = new EventBus({ now: () => new Date(Date.UTC(2026, 0, 2)) });
    const seen: string[] = [];
    bus.on('backup.created', (event) => seen.push(`one ${event.backupId}`));
    bus.onAny((event) => seen.push(`any ${event.type} ${event.at}`));

    bus.emit({ type: 'backup.created', backupId: 'b1' });
    bus.emit({ type: 'job.started', job: 'retention' });
    expect(seen).toEqual([
      'one b1',
      'any backup.created 2026-01-02T00:00:00.000Z',
      'any job.started 2026-01-02T00:00:00.000Z',
    ]);
  });

  it('keeps delivering when a subscriber throws', () => {
    const errors: string[] = [];
    const logger = {
      debug: () => {},
      info: () => {},
      warn: () => {},
      error: (fields: Record<string, unknown>) =>
        errors.push(String(fields.err)),
    };
    const bus = new EventBus({ logger });
    const seen: DeliveredEvent[] = [];
    bus.onAny(() => {
      throw new Error('subscriber bug');
    });
    bus.onAny((event) => seen.push(event));

    expect(() =>
      bus.emit({ type: 'job.failed', job: 'backup', error: 'x' }),
    ).not.toThrow();
    expect(seen).toHaveLength(1);
    expect(errors).toEqual(['subscriber bug']);
  });

  it('stops delivering after unsubscribe', () => {
    const bus = new EventBus();
    let count = 0;
    const off = bus.on('restore.completed', () => (count += 1));
    bus.emit({ type: 'restore.completed', backupId: 'a' });
    off();
    bus.emit({ type: 'restore.completed', backupId: 'a' });
    expect(count).toBe(1);
  });

  it('bridges manager events through a translation', () => {
    const bus = new EventBus();
    const seen: DeliveredEvent[] = [];
    bus.onAny((event) => seen.push(event));
    const forward = bus.bridge('backup', fromBackupEvent);

    forward({
      type: 'backup.created',
      backupId: 'x',
      info: { compressedSize: 42, durationMs: 7 },
    });
    forward({ type: 'backup.progress' });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      type: 'backup.created',
      backupId: 'x',
      sizeBytes: 42,
      durationMs: 7,
    });
  });

  it('sums a retention run into one retention.applied event', () => {
    const bus = new EventBus();
    const seen: DeliveredEvent[] = [];
    bus.onAny((event) => seen.push(event));
    const run = {
      dryRun: false,
      success: true,
      freedSpace: 4096,
      backupId: 'b7',
      results: [{ deletedCount: 3 }, { deletedCount: 4 }],
    };
    bus.bridge(
      'retention',
      fromRetentionEvent,
    )({
      type: 'retention.completed',
      run,
    });
    expect(seen[0]).toMatchObject({
      type: 'retention.applied',
      deletedCount: 7,
      freedBytes: 4096,
      backupId: 'b7',
    });
  });
});
