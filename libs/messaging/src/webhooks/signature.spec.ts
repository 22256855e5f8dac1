import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { signMessage, verifyMessage } from './signature';

describe('Standard Webhooks signatures', () => {
  const [current, previous] = [randomBytes(32), randomBytes(32)];
  const whsec = (key: Buffer) => `whsec_${key.toString('base64')}`;
  const now = Math.floor(Date.now() / 1000);
  const body = '{"type":"MemberJoined","companyId":"c1"}';

  it('given two keys, when a message is signed, then the standardwebhooks package verifies it with either key', () => {
    const headers = signMessage([current, previous], 'evt_1', now, body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    for (const key of [current, previous]) expect(new Webhook(whsec(key)).verify(body, { ...headers })).toEqual(JSON.parse(body));
    expect(() => new Webhook(whsec(randomBytes(32))).verify(body, { ...headers })).toThrow();
  });

  it('given a message the package signed, then verifyMessage accepts it, and refuses another body or an old timestamp', () => {
    const signature = new Webhook(whsec(current)).sign('evt_2', new Date(now * 1000), body);
    const request = { id: 'evt_2', timestamp: String(now), payload: body, signature };
    expect(verifyMessage([previous, current], request, now)).toEqual({ valid: true });
    expect(verifyMessage([current], { ...request, payload: `${body} ` }, now)).toEqual({ valid: false, reason: 'signature' });
    expect(verifyMessage([current], request, now + 301)).toEqual({ valid: false, reason: 'timestamp' });
    expect(verifyMessage([current], { ...request, timestamp: 'soon' }, now)).toEqual({ valid: false, reason: 'timestamp' });
  });
});
