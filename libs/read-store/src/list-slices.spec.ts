import { encodeCursor } from './cursor';
import { cursorRanges, equalityPoints, listSlices, MAX_SLICES } from './list-slices';

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
    expect(cursorRanges({ sort, after: encodeCursor({ value, id: 'i' }, { sort }) })).toEqual(ranges);
  });

  it.each([
    ['at the same value', false, 'b', [{ kind: 'tiesBeyond', id: 'i' }]],
    ['before it, ascending', false, 'a', [{ kind: 'everything' }]],
    ['past it, ascending', false, 'c', []],
    ['past it, descending', true, 'a', []],
    ['before it, descending', true, 'c', [{ kind: 'everything' }]],
    ['at null, ascending', false, null, [{ kind: 'everything' }]],
  ] as const)('given a slice whose filter fixes the sort value, when the cursor is %s, then only ids order what is left', (_label, descending, value, ranges) => {
    const scope = { filter: { environment: 'b' }, sort: { field: 'environment', descending } };
    const query = { ...scope, limit: 1, after: encodeCursor({ value, id: 'i' }, scope) };
    expect(listSlices(query).map((slice) => slice.range)).toEqual(ranges);
  });

  it('given a boolean slice and a cursor holding SQLite\'s 1 for true, then the cursor is a tie', () => {
    const scope = { filter: { active: true }, sort: { field: 'active', descending: false } };
    const query = { ...scope, limit: 1, after: encodeCursor({ value: 1, id: 'i' }, scope) };
    expect(listSlices(query).map((slice) => slice.range)).toEqual([{ kind: 'tiesBeyond', id: 'i' }]);
  });

  it('given more slices than can be merged, then the list is refused', () => {
    const many = Array.from({ length: MAX_SLICES + 1 }, (_, i) => i);
    expect(() => listSlices({ filter: { n: many }, sort: { field: 'f', descending: false }, limit: 1 })).toThrow('slices');
  });
});
