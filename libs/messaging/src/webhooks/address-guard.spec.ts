import { checkLiteralHost, guardedLookup, hostKey, isBlockedAddress } from './address-guard';

describe('Which addresses webhooks may reach', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', 'fe80::1', 'fd00::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1'])(
    'given %s, then it is refused', (address) => { expect(isBlockedAddress(address)).toBe(true); });

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:93.184.216.34'])('given the public %s, then it is allowed', (address) => {
    expect(isBlockedAddress(address)).toBe(false);
  });

  it('given a loopback literal, then it is refused unless the allow-list names it', () => {
    expect(() => checkLiteralHost('127.0.0.1', [])).toThrow('WEBHOOK_ALLOWED_HOSTS');
    expect(() => checkLiteralHost('[::1]', [])).toThrow('WEBHOOK_ALLOWED_HOSTS');
    expect(() => checkLiteralHost('127.0.0.1', ['127.0.0.1'])).not.toThrow();
  });

  it('given a literal in reserved space, then the refusal names the address once and says reserved', () => {
    expect(() => checkLiteralHost('240.0.0.1', [])).toThrow(/^240\.0\.0\.1, a loopback, link-local, private, multicast or reserved address; list it in WEBHOOK_ALLOWED_HOSTS/);
  });

  const resolve = (hostname: string, allowed: string[]) => new Promise<string>((done, fail) =>
    guardedLookup(allowed)(hostname, { family: 4 }, (error, address) => (error ? fail(error) : done(address as string))));

  it('given a name that resolves to loopback, then the lookup refuses it; allowed by name, it passes', async () => {
    await expect(resolve('localhost', [])).rejects.toThrow('resolves to 127.0.0.1');
    await expect(resolve('localhost', ['localhost'])).resolves.toBe('127.0.0.1');
    await expect(resolve('LocalHost', ['localhost.'])).resolves.toBe('127.0.0.1');
  });

  it('given the address a name resolves to on the allow-list, but not the name, then the name is still refused', async () => {
    // Anyone can make a name of theirs resolve to 127.0.0.1: the list names hosts as URLs write them.
    await expect(resolve('localhost', ['127.0.0.1'])).rejects.toThrow('resolves to 127.0.0.1');
    await expect(resolve('localhost', ['::1', '127.0.0.0'])).rejects.toThrow('WEBHOOK_ALLOWED_HOSTS');
  });

  it('given an address on the allow-list, then a URL writing that address in any spelling may reach it, and no other', () => {
    expect(() => checkLiteralHost('[::ffff:7f00:1]', ['127.0.0.1'])).not.toThrow();
    expect(() => checkLiteralHost('127.0.0.1', ['[::ffff:127.0.0.1]'])).not.toThrow();
    expect(() => checkLiteralHost('[0:0:0:0:0:0:0:1]', ['::1'])).not.toThrow();
    expect(() => checkLiteralHost('127.0.0.2', ['127.0.0.1'])).toThrow('WEBHOOK_ALLOWED_HOSTS');
    expect(() => checkLiteralHost('127.0.0.1', ['localhost'])).toThrow('WEBHOOK_ALLOWED_HOSTS');
  });

  it.each([
    ['127.0.0.1', '127.0.0.1'], ['[::1]', '::1'], ['::FFFF:127.0.0.1', '127.0.0.1'], ['[::ffff:7f00:1]', '127.0.0.1'],
    ['Hooks.Example.', 'hooks.example'], ['localhost', 'localhost'], ['fe80:0::1', 'fe80::1'],
  ])('given the host %j, then its one spelling is %j', (host, key) => {
    expect(hostKey(host)).toBe(key);
  });

  it.each(['127.0.0.1:8080', 'http://localhost', '*.example', 'a..b', '127.1', 'hooks.example/path', ''])('given %j, then it is no host', (host) => {
    expect(hostKey(host)).toBeNull();
  });
});
