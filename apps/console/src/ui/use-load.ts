import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface Loaded<T> { data: T | null; error: unknown; loading: boolean; reload: () => void }

/** Loads on mount and whenever `key` changes; an answer to an older key is dropped. */
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: unknown; loading: boolean }>({ data: null, error: null, loading: true });
  const latest = useRef(0);
  const run = useCallback(() => {
    const ticket = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => { if (ticket === latest.current) setState({ data, error: null, loading: false }); },
      (error) => { if (ticket === latest.current) setState({ data: null, error, loading: false }); },
    );
  }, [key]);
  useEffect(run, [run]);
  return { ...state, reload: run };
}

/** Runs one change at a time, keeping its error to show beside the form or button that made it. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(async <T,>(action: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await action();
    } catch (e) {
      setError(e);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, clear: () => setError(null) };
}
