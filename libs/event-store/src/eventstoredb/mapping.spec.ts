import { toEventData, toJsonObject, toRecordedEvent, withKeepAlive } from './mapping';

describe('EventStoreDB event mapping', () => {
  it('writes port events as JSON events with their own id, type, data and metadata', () => {
    const data = toEventData({ id: '6c1f0d4e-8a4e-4a57-9d43-1f6b8d8b2a11', type: 'CompanyCreated', data: { name: 'Acme' }, metadata: { correlationId: 'c-1' } });
    expect(data).toEqual({
      id: '6c1f0d4e-8a4e-4a57-9d43-1f6b8d8b2a11', contentType: 'application/json', type: 'CompanyCreated',
      data: { name: 'Acme' }, metadata: { correlationId: 'c-1' },
    });
  });

  it('refuses event ids EventStoreDB cannot store', () => {
    expect(() => toEventData({ id: 'e-1', type: 'CompanyCreated', data: {}, metadata: {} })).toThrow(/must be UUIDs/);
  });

  it('reads a recorded JSON event into the port shape', () => {
    expect(toRecordedEvent({
      streamId: 'company-1', id: 'e-1', type: 'CompanyCreated', revision: 2n,
      data: { name: 'Acme' }, metadata: undefined, position: { commit: 880n, prepare: 880n },
    })).toEqual({
      id: 'e-1', type: 'CompanyCreated', streamName: 'company-1', revision: 2n, position: 880n,
      data: { name: 'Acme' }, metadata: {},
    });
  });

  it('turns whatever other writers stored into JSON objects', () => {
    expect(toJsonObject(Buffer.from('{"a":1}'))).toEqual({ a: 1 });
    expect(toJsonObject(new Uint8Array())).toEqual({});
    expect(toJsonObject(Uint8Array.from([0xff, 0x00]))).toEqual({ value: '/wA=' });
    expect(toJsonObject('{"b":2}')).toEqual({ b: 2 });
    expect(toJsonObject('not json')).toEqual({ value: 'not json' });
    expect(toJsonObject([1, 2])).toEqual({ value: [1, 2] });
    expect(toJsonObject(null)).toEqual({});
  });
});

describe('withKeepAlive', () => {
  it('adds keep-alive settings to a connection string without them', () => {
    expect(withKeepAlive('esdb://localhost:2113?tls=false'))
      .toBe('esdb://localhost:2113?tls=false&keepAliveInterval=10000&keepAliveTimeout=10000');
    expect(withKeepAlive('esdb://localhost:2113')).toBe('esdb://localhost:2113?keepAliveInterval=10000&keepAliveTimeout=10000');
  });

  it('keeps settings already present, however they are spelled', () => {
    expect(withKeepAlive('esdb://h:2113?tls=false&keep_alive_interval=20000&KeepAliveTimeout=5000'))
      .toBe('esdb://h:2113?tls=false&keep_alive_interval=20000&KeepAliveTimeout=5000');
    expect(withKeepAlive('esdb://h:2113?keepAliveTimeout=5000')).toBe('esdb://h:2113?keepAliveTimeout=5000&keepAliveInterval=10000');
  });
});
