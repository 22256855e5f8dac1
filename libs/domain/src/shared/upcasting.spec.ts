import { UnknownSchemaVersion, upcasterOf } from './upcasting';

/** A made-up event whose shape changed twice: v1 {name}, v2 {name, tags}, v3 {title, tags}. */
const upcast = upcasterOf({
  Renamed: {
    current: 3,
    upcasts: {
      1: (data: { name: string }) => ({ ...data, tags: [] }),
      2: ({ name, ...rest }: { name: string; tags: string[] }) => ({ ...rest, title: name }),
    },
  },
  Unchanged: { current: 1 },
});

describe('Reading stored events in their current shape', () => {
  it('given data stored in version 1, when read, then every step up to the current version is applied in order', () => {
    expect(upcast({ type: 'Renamed', schemaVersion: 1, data: { name: 'a' } }))
      .toEqual({ type: 'Renamed', schemaVersion: 3, data: { title: 'a', tags: [] } });
  });

  it('given data stored in the current version, when read, then it comes back as it was', () => {
    const stored = { type: 'Renamed', schemaVersion: 3, data: { title: 'a', tags: ['x'] }, extra: 'kept' };

    expect(upcast(stored)).toBe(stored);
  });

  it('given a type the schemas do not name, when read, then it passes unchanged', () => {
    const stored = { type: 'SomethingElse', schemaVersion: 7, data: {} };

    expect(upcast(stored)).toBe(stored);
  });

  it.each([[4], [0]])('given version %i, which this code cannot know, when read, then it is refused, not guessed', (version) => {
    expect(() => upcast({ type: 'Renamed', schemaVersion: version, data: {} })).toThrow(UnknownSchemaVersion);
  });

  it('given an older version with no step declared, when read, then it is refused', () => {
    expect(() => upcasterOf({ Gap: { current: 2 } })({ type: 'Gap', schemaVersion: 1, data: {} })).toThrow(UnknownSchemaVersion);
  });
});
