import { describe, expect, it } from 'vitest';
import { compilePreserveFilter } from './preserve-filter.js';

const scope = {
  alias: 't',
  columns: new Set(['id', 'title', 'metadata', 'status']),
  session: { alias: 'p', columns: new Set(['id', 'metadata']) },
};

describe('compilePreserveFilter', () => {
  it('binds a JSON path and a boolean as 1', () => {
    const sql = compilePreserveFilter(
      { field: 'metadata.keep', equals: true },
      scope,
    );
    expect(sql).toEqual({
      sql: 'json_extract(t."metadata", ?) = ?',
      params: ['$.keep', 1],
    });
  });

  it('reaches the owning session with a session. prefix', () => {
    const sql = compilePreserveFilter(
      { field: 'session.metadata.legal.hold', equals: 'yes' },
      scope,
    );
    expect(sql.sql).toBe('json_extract(p."metadata", ?) = ?');
    expect(sql.params).toEqual(['$.legal.hold', 'yes']);
  });

  it('joins all/any and never interpolates values', () => {
    const sql = compilePreserveFilter(
      {
        any: [
          { field: 'title', in: ["x'); drop table sessions; --", 'b'] },
          { all: [{ field: 'status', equals: null }] },
        ],
      },
      scope,
    );
    expect(sql.sql).toBe('(t."title" in (?, ?) or (t."status" is null))');
    expect(sql.params).toEqual(["x'); drop table sessions; --", 'b']);
  });

  it('names the key and the field that does not exist', () => {
    expect(() =>
      compilePreserveFilter(
        { all: [{ field: 'colour', equals: 'red' }] },
        scope,
      ),
    ).toThrow(/preserve\[0\]: field colour does not exist/);
  });

  it('rejects a field path with SQL in it', () => {
    expect(() =>
      compilePreserveFilter({ field: 'title"; --', equals: 1 }, scope),
    ).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
  });
});
