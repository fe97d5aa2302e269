import { expect, it } from 'vitest';
import { Configuration } from './configuration.js';

it('serialises a setting, its value kept as text', () => {
  const setting = new Configuration('retention.days', '30');
  setting.category = 'retention';
  setting.updatedAt = new Date(Date.UTC(2024, 6, 1));

  expect(setting.toJSON()).toEqual({
    id: undefined,
    key: 'retention.days',
    value: '30',
    category: 'retention',
    description: null,
    updatedAt: '2024-07-01T00:00:00.000Z',
  });
});
