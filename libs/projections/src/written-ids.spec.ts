import { randomUUID } from 'node:crypto';
import { WrittenIds } from './written-ids';

describe('The ids a rebuild has written', () => {
  it('given ids written, then each of them may be stored', () => {
    const written = new WrittenIds(10_000);
    const ids = Array.from({ length: 10_000 }, (_, i) => (i % 2 ? randomUUID() : `${randomUUID()}:${randomUUID()}`));
    for (const id of ids) written.add(id);
    expect(ids.filter((id) => !written.mayHave(id))).toEqual([]);
  });

  it('given as many ids written as the log has events, then few ids never written are taken for stored ones', () => {
    const written = new WrittenIds(10_000);
    for (let i = 0; i < 10_000; i++) written.add(randomUUID());
    const mistaken = Array.from({ length: 10_000 }, () => randomUUID()).filter((id) => written.mayHave(id));
    expect(mistaken.length).toBeLessThan(500);
  });

  it('given nothing written, then no id may be stored', () => {
    expect(new WrittenIds(0).mayHave(randomUUID())).toBe(false);
  });
});
