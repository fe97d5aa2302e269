import { describe, expect, it } from 'vitest';
import { rebuildTable } from './table-rebuild.js';

describe('rebuildTable', () => {
  it('creates, copies, swaps and recreates in the documented order', () => {
    const statements = rebuildTable({
      table: 'notes',
      definition: ['`id` integer primary key autoincrement,', '`body` text'],
      copy: { id: '`id`', body: 'upper(`text`)' },
      recreate: ['create index `notes_body` on `notes` (`body`);'],
    });
    expect(statements).toEqual([
      'create table `notes__rebuild` (`id` integer primary key ' +
        'autoincrement, `body` text);',
      'insert into `notes__rebuild` (`id`, `body`) select `id`, ' +
        'upper(`text`) from `notes`;',
      "delete from sqlite_sequence where name = 'notes__rebuild';",
      "insert into sqlite_sequence (name, seq) select 'notes__rebuild', " +
        "seq from sqlite_sequence where name = 'notes';",
      'drop table `notes`;',
      'alter table `notes__rebuild` rename to `notes`;',
      'create index `notes_body` on `notes` (`body`);',
    ]);
  });

  it('leaves the id counter alone without AUTOINCREMENT', () => {
    const statements = rebuildTable({
      table: 'tags',
      definition: ['`name` text primary key'],
      copy: { name: '`name`' },
    });
    expect(statements.join('\n')).not.toContain('sqlite_sequence');
  });
});
