import { useEffect, useRef } from 'preact/hooks';
import { OUTDATED } from '../api/client';

/**
 * Re-reads what a page shows (its lists, the caller's role) when an answer of the API shows it is
 * out of date: an action refused with 403 or 409 (see `call`), so buttons for what is no longer
 * possible go away. The latest `reloads` are called; listening starts once per mount.
 */
export function useReloadWhenOutdated(...reloads: (() => void)[]): void {
  const latest = useRef(reloads);
  latest.current = reloads;
  useEffect(() => {
    const reload = () => latest.current.forEach((r) => r());
    window.addEventListener(OUTDATED, reload);
    return () => window.removeEventListener(OUTDATED, reload);
  }, []);
}
