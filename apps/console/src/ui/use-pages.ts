import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Page } from '../api/types';

export interface Pages<T> {
  items: T[];
  /** Null once the last page is in (or before the first arrived). */
  nextCursor: string | null;
  /** True once the first page arrived. */
  loaded: boolean;
  loading: boolean;
  error: unknown;
  /** Appends the next page, following the API's `nextCursor`. */
  more: () => void;
  /** Reads again as many pages as are shown, so a change does not send the person back to the first. */
  reload: () => void;
}

/**
 * A list the API pages with cursors, shown a page more at a time ("Show more"). Every list's
 * `limit` has a maximum (200 for members), so the console never asks for a bigger page: it
 * follows the cursor the API hands out. Loads on mount and whenever `key` changes; an answer
 * to an older key or an older reload is dropped.
 */
export function usePages<T>(load: (cursor: string | null) => Promise<Page<T>>, key: string): Pages<T> {
  const [state, setState] = useState<{ key: string; pages: Page<T>[]; loading: boolean; error: unknown }>({ key, pages: [], loading: true, error: null });
  const latest = useRef(0);
  const shown = useRef(0);

  /** Reads `count` pages from the first; what a page more or a reload asks for. */
  const read = useCallback((count: number, from: Page<T>[] = []) => {
    const ticket = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    (async () => {
      const pages = [...from];
      while (pages.length < count) {
        const cursor = pages.length === 0 ? null : pages[pages.length - 1].nextCursor;
        if (pages.length > 0 && !cursor) break;
        pages.push(await load(cursor));
      }
      return pages;
    })().then(
      (pages) => { if (ticket === latest.current) { shown.current = pages.length; setState({ key, pages, loading: false, error: null }); } },
      // A failed page keeps what is shown, with the error beside it.
      (error) => { if (ticket === latest.current) setState((s) => ({ ...(s.key === key ? s : { pages: [] }), key, loading: false, error })); },
    );
  }, [key]);

  useEffect(() => { shown.current = 0; setState({ key, pages: [], loading: true, error: null }); read(1); }, [read]);

  // Until the new key's first page is in, nothing of the old key's list is shown.
  const current = state.key === key ? state : { pages: [] as Page<T>[], loading: true, error: null };
  const { pages } = current;
  return {
    items: pages.flatMap((p) => p.items),
    nextCursor: pages.length > 0 ? pages[pages.length - 1].nextCursor : null,
    loaded: pages.length > 0,
    loading: current.loading,
    error: current.error,
    more: () => read(pages.length + 1, pages),
    reload: () => read(Math.max(shown.current, 1)),
  };
}
