import { checkLiteralHost, guardedLookup, isBlockedAddress } from './address-guard';

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

  it('given a name that resolves to loopback, then the lookup refuses it; allowed by name, it passes', async () => {
    const resolve = (allowed: string[]) => new Promise<string>((done, fail) =>
      guardedLookup(allowed)('localhost', { family: 4 }, (error, address) => (error ? fail(error) : done(address as string))));
    await expect(resolve([])).rejects.toThrow('resolves to 127.0.0.1');
    await expect(resolve(['localhost'])).resolves.toBe('127.0.0.1');
  });
});
