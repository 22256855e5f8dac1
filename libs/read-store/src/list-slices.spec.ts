import { randomBytes } from 'node:crypto';
import { ListCursors } from './cursor';
import { cursorRanges, equalityPoints, listSlices, MAX_SLICES, openedQuery } from './list-slices';
import { InvalidCursor, type CursorPosition, type ListQuery } from './read-store.port';

describe('list slices', () => {
  it('given a filter with lists, then every combination of their values is one equality point', () => {
    expect(equalityPoints({ environment: ['a', 'b'], active: [true, false], companyId: 'c' })).toEqual([
      { environment: 'a', active: true, companyId: 'c' }, { environment: 'a', active: false, companyId: 'c' },
      { environment: 'b', active: true, companyId: 'c' }, { environment: 'b', active: false, companyId: 'c' },
    ]);
    expect(equalityPoints({ environment: [] })).toEqual([]);
  });

  it.each([
    [false, 'x', [{ kind: 'beyond', value: 'x', id: 'i' }]],
    [true, 'x', [{ kind: 'beyond', value: 'x', id: 'i' }, { kind: 'nulls' }]],
    [false, null, [{ kind: 'nulls', idBeyond: 'i' }, { kind: 'notNull' }]],
    [true, null, [{ kind: 'nulls', idBeyond: 'i' }]],
  ] as const)('given a cursor at a value when descending is %s and the value is %j, then the rest of the list is these ranges', (descending, value, ranges) => {
    const sort = { field: 'f', descending };
    expect(cursorRanges({ sort, start: { value, id: 'i' } })).toEqual(ranges);
  });

  it.each([
    ['at the same value', false, 'b', [{ kind: 'tiesBeyond', id: 'i' }]],
    ['before it, ascending', false, 'a', [{ kind: 'everything' }]],
    ['past it, ascending', false, 'c', []],
    ['past it, descending', true, 'a', []],
    ['before it, descending', true, 'c', [{ kind: 'everything' }]],
    ['at null, ascending', false, null, [{ kind: 'everything' }]],
  ] as const)('given a slice whose filter fixes the sort value, when the cursor is %s, then only ids order what is left', (_label, descending, value, ranges) => {
    const query = { filter: { environment: 'b' }, sort: { field: 'environment', descending }, limit: 1, start: { value, id: 'i' } };
    expect(listSlices(query).map((slice) => slice.range)).toEqual(ranges);
  });

  it('given a boolean slice and a cursor holding SQLite\'s 1 for true, then the cursor is a tie', () => {
    const query = { filter: { active: true }, sort: { field: 'active', descending: false }, limit: 1, start: { value: 1, id: 'i' } };
    expect(listSlices(query).map((slice) => slice.range)).toEqual([{ kind: 'tiesBeyond', id: 'i' }]);
  });

  it('given more slices than can be merged, then the list is refused', () => {
    const many = Array.from({ length: MAX_SLICES + 1 }, (_, i) => i);
    expect(() => listSlices({ filter: { n: many }, sort: { field: 'f', descending: false }, limit: 1 })).toThrow('slices');
  });

  describe('a query opened: where it starts', () => {
    const cursors = new ListCursors(randomBytes(32));
    const at = (value: CursorPosition['value'], id = 'i'): CursorPosition => ({ value, id });
    const query = (descending: boolean, start?: CursorPosition): ListQuery => ({ sort: { field: 'f', descending }, limit: 1, start });
    const opened = (list: ListQuery, cursor: CursorPosition) => openedQuery({ ...list, after: cursors.encode(cursor, list) }, cursors).start;

    it.each([
      ['ascending, the cursor past the start', false, at('m'), at('c'), at('m')],
      ['ascending, the cursor before the start (read a while ago)', false, at('m'), at('x'), at('x')],
      ['ascending, a tie at the start value', false, at('m', ''), at('m', 'a'), at('m', 'a')],
      ['ascending, a null cursor, nulls first', false, at('m'), at(null), at('m')],
      ['descending, the cursor past the start', true, at('~'), at('m'), at('m')],
      ['descending, the cursor before the start', true, at('m'), at('x'), at('m')],
      ['descending, a null cursor, nulls last', true, at('m'), at(null), at(null)],
    ] as const)('given a start and a cursor (%s), then it starts at the later of the two in its order', (_label, descending, start, cursor, from) => {
      expect(opened(query(descending, start), cursor)).toEqual(from);
    });

    it('given no cursor, then it starts at its start; given no start, at the cursor; an empty cursor is none', () => {
      expect(openedQuery(query(false, at('m')), cursors).start).toEqual(at('m'));
      expect(opened(query(false), at('c'))).toEqual(at('c'));
      expect(openedQuery({ ...query(false), after: '' }, cursors)).not.toHaveProperty('after');
    });

    it('given a cursor of another list, then opening the query refuses it, whatever its start', () => {
      const cursor = cursors.encode(at('m'), query(true));
      expect(() => openedQuery({ ...query(false, at('a')), after: cursor }, cursors)).toThrow(InvalidCursor);
    });
  });
});
