import { EventEmitter } from 'node:events';
import { LiveWakeups, type LiveSubscriptionLike } from './live-wakeups';

class FakeSubscription extends EventEmitter implements LiveSubscriptionLike {
  unsubscribed = false;
  async unsubscribe() { this.unsubscribed = true; }
}

function setup(openImpl?: () => LiveSubscriptionLike) {
  const opened: FakeSubscription[] = [];
  const drops: unknown[] = [];
  const open = openImpl ?? (() => {
    const subscription = new FakeSubscription();
    opened.push(subscription);
    return subscription;
  });
  const wakeups = new LiveWakeups(open, { baseMs: 4, maxMs: 8 }, (error) => drops.push(error));
  return { wakeups, opened, drops };
}

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  if (!condition()) throw new Error('condition not met in time');
};

describe('LiveWakeups', () => {
  it('opens one shared subscription while someone listens and closes it after the last leaves', () => {
    const { wakeups, opened } = setup();
    expect(opened).toHaveLength(0);
    const stopA = wakeups.listen(() => undefined);
    const stopB = wakeups.listen(() => undefined);
    expect(opened).toHaveLength(1);
    stopA();
    expect(opened[0].unsubscribed).toBe(false);
    stopB();
    expect(opened[0].unsubscribed).toBe(true);
    expect(wakeups.connected).toBe(false);
  });

  it('wakes every listener on each event, on confirmation and on notify()', () => {
    const { wakeups, opened } = setup();
    const a = jest.fn();
    const b = jest.fn();
    wakeups.listen(a);
    wakeups.listen(b);
    opened[0].emit('confirmation');
    opened[0].emit('data', {});
    wakeups.notify();
    expect(a).toHaveBeenCalledTimes(3);
    expect(b).toHaveBeenCalledTimes(3);
    wakeups.close();
  });

  it.each(['error', 'end', 'close'])('resubscribes with backoff after %s and ignores the dropped subscription', async (how) => {
    const { wakeups, opened, drops } = setup();
    const wake = jest.fn();
    wakeups.listen(wake);
    if (how === 'error') opened[0].emit('error', new Error('keepalive timeout'));
    else opened[0].emit(how);
    expect(opened[0].unsubscribed).toBe(true);
    expect(drops).toHaveLength(1);
    await until(() => opened.length === 2);
    opened[0].emit('data', {});
    expect(wake).not.toHaveBeenCalled();
    opened[1].emit('confirmation');
    expect(wake).toHaveBeenCalledTimes(1);
    wakeups.close();
    expect(opened[1].unsubscribed).toBe(true);
  });

  it('keeps trying when opening the subscription throws, and stops trying once nobody listens', async () => {
    let attempts = 0;
    const { wakeups } = setup(() => {
      attempts += 1;
      throw new Error('client disposed');
    });
    const stop = wakeups.listen(() => undefined);
    await until(() => attempts >= 3);
    stop();
    const seen = attempts;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(attempts).toBe(seen);
  });
});
