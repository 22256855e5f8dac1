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
    expect(cursorRanges({ sort: { field: 'f', descending }, after: encodeCursor({ value, id: 'i' }) })).toEqual(ranges);
  });

  it('given more slices than can be merged, then the list is refused', () => {
    const many = Array.from({ length: MAX_SLICES + 1 }, (_, i) => i);
    expect(() => listSlices({ filter: { n: many }, sort: { field: 'f', descending: false }, limit: 1 })).toThrow('slices');
  });
});
