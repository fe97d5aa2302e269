import { expect, it } from 'vitest';
import { SystemMetrics } from './system-metrics.js';

it('serialises a sample with its unit and metadata', () => {
  const sample = new SystemMetrics('db.size', 1_048_576, 'bytes');
  sample.timestamp = new Date(Date.UTC(2024, 0, 1, 12));
  sample.metadata = ['wal', 0];

  expect(sample.toJSON()).toEqual({
    id: undefined,
    metricName: 'db.size',
    metricValue: 1_048_576,
    metricUnit: 'bytes',
    timestamp: '2024-01-01T12:00:00.000Z',
    metadata: ['wal', 0],
  });
});
