import { adopt, edits, loadCurrent, putBack, start, type Version } from '../src/ui/versioned';

interface Settings { currency: string; rate: string; channels: { email: boolean } }
const read = (etag: string, values: Partial<Settings> = {}): Version<Settings> =>
  ({ etag, values: { currency: 'EUR', rate: '19', channels: { email: true }, ...values } });

describe('A form over an If-Match guarded record', () => {
  it('given edits over a read, when a newer read has other values, then it keeps the edits with the old ETag and says so', () => {
    const typed = { ...start(read('"3"')), values: { ...read('"3"').values, rate: '7.5' } };
    const newer = read('"5"', { currency: 'CHF' });

    const after = adopt(typed, newer);

    expect(after.base.etag).toBe('"3"');
    expect(after.values.rate).toBe('7.5');
    expect(after.changedMeanwhile).toBe(newer);
  });

  it('given edits over a read, when a newer read has the same values (another part of the company changed), then the edits move onto its ETag', () => {
    const typed = { ...start(read('"3"')), values: { ...read('"3"').values, rate: '7.5' } };

    const after = adopt(typed, read('"4"'));

    expect(after.base.etag).toBe('"4"');
    expect(after.values.rate).toBe('7.5');
    expect(after.changedMeanwhile).toBeNull();
  });

  it('given no edits, when a newer read arrives, then the form shows it with its ETag', () => {
    const after = adopt(start(read('"3"')), read('"5"', { currency: 'CHF' }));

    expect(after.values.currency).toBe('CHF');
    expect(after.base.etag).toBe('"5"');
  });

  it('given a refused save, when the current version is loaded, then the form shows it with its ETag and sets the edits aside to put back', () => {
    const typed = { ...start(read('"3"')), values: { ...read('"3"').values, currency: 'USD', channels: { email: false } } };

    const loaded = loadCurrent(typed, read('"5"', { rate: '16' }));

    expect(loaded.values).toEqual(read('"5"', { rate: '16' }).values);
    expect(loaded.base.etag).toBe('"5"');
    expect(loaded.setAside).toEqual({ currency: 'USD', channels: { email: false } });
    const back = putBack(loaded);
    expect(back.values).toEqual({ currency: 'USD', rate: '16', channels: { email: false } });
    expect(back.base.etag).toBe('"5"');
    expect(back.setAside).toBeNull();
  });

  it('given a refused save, when the current version has the values the edits were made over, then the edits stay, on the current ETag', () => {
    const typed = { ...start(read('"3"')), values: { ...read('"3"').values, currency: 'USD' } };

    const loaded = loadCurrent(typed, read('"4"'));

    expect(loaded.values).toBe(typed.values);
    expect(loaded.base.etag).toBe('"4"');
    expect(loaded.setAside).toBeNull();
  });

  it('edits are the fields that differ from the read, nested values compared by content', () => {
    const base = read('"1"');
    expect(edits({ base, values: { ...base.values, channels: { email: true } } })).toEqual({});
    expect(edits({ base, values: { ...base.values, channels: { email: false }, rate: '' } })).toEqual({ channels: { email: false }, rate: '' });
  });
});
