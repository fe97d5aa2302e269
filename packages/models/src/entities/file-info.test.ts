import { expect, it } from 'vitest';
import { FileInfo } from './file-info.js';
import { Session } from './session.js';

it('serialises a file record with its session id', () => {
  const session = new Session('x');
  session.id = 9;
  const file = new FileInfo(session, '/data/a.vtt', 'vtt');
  file.fileSize = 2048;
  file.checksum = 'ab'.repeat(32);
  file.createdAt = new Date(0);

  expect(file.toJSON()).toEqual({
    id: undefined,
    sessionId: 9,
    filePath: '/data/a.vtt',
    fileType: 'vtt',
    fileSize: 2048,
    checksum: 'ab'.repeat(32),
    createdAt: '1970-01-01T00:00:00.000Z',
  });
});

it('rejects a negative size, naming the field', () => {
  const file = new FileInfo(new Session('x'), '/a', 'vtt');
  file.fileSize = -1;
  expect(() => file.validate()).toThrow(/^fileSize: must be >= 0, got -1$/);
});
