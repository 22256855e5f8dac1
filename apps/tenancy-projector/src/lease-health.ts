import type { LeaseStore } from '@tenancy/read-store';

/**
 * Whether the lease store answers: a stand-by that can reach it is healthy (it takes over when
 * the holder goes), one that cannot is not. Every call through `watch(store)` is noted.
 */
export class LeaseHealth {
  private answeredAt: number | undefined;

  /** `withinMs`: a stand-by tries every ttl/3, so two of those without an answer is unhealthy. */
  constructor(private readonly withinMs: number, private readonly now: () => number = Date.now) {}

  get answering(): boolean {
    return this.answeredAt !== undefined && this.now() - this.answeredAt <= this.withinMs;
  }

  watch(store: LeaseStore): LeaseStore {
    return new Proxy(store, {
      get: (target, key, receiver) => {
        const value = Reflect.get(target, key, receiver);
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          try {
            const result = await value.apply(target, args);
            this.answeredAt = this.now();
            return result;
          } catch (error) {
            this.answeredAt = undefined;
            throw error;
          }
        };
      },
    });
  }
}
