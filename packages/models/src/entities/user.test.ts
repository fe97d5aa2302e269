import { expect, it } from 'vitest';
import { User } from './user.js';

it('serialises a user with ISO dates and null for what is unset', () => {
  const user = new User('ada');
  user.id = 1;
  user.preferences = { theme: 'dark', languages: ['en', 'de'] };
  user.createdAt = new Date(Date.UTC(2023, 11, 31, 23, 0, 0, 5));

  expect(user.toJSON()).toEqual({
    id: 1,
    username: 'ada',
    email: null,
    preferences: { theme: 'dark', languages: ['en', 'de'] },
    createdAt: '2023-12-31T23:00:00.005Z',
    lastLogin: null,
  });
});
