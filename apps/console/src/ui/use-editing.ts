import { useEffect, useRef, useState } from 'preact/hooks';
import { adopt, loadCurrent, putBack, start, type Editing, type Version } from './versioned';

export interface EditingForm<V> {
  editing: Editing<V>;
  setValues: (values: V) => void;
  /** A save answered with the record as it now is: the form starts over from it. */
  saved: (read: Version<V>) => void;
  /** Reads the current version (after a 412) and shows it, setting the person's edits aside. */
  loadCurrent: () => Promise<void>;
  putBack: () => void;
  loading: boolean;
  loadError: unknown;
  /** What the last "Load the current version" did: kept the edits (nothing they touched had changed) or replaced them. */
  loaded: 'kept' | 'replaced' | null;
}

/**
 * The state of a form over an If-Match guarded record (see versioned.ts). `latest` is the
 * parent's newest read of it: each new one is adopted where nothing is lost. `read` fetches the
 * current version when the person asks for it.
 */
export function useEditing<V extends object>(latest: Version<V>, read: () => Promise<Version<V>>): EditingForm<V> {
  const [editing, setEditingState] = useState(() => start(latest));
  // The newest state, for the steps that finish after an await.
  const now = useRef(editing);
  const setEditing = (next: Editing<V> | ((e: Editing<V>) => Editing<V>)) => {
    now.current = typeof next === 'function' ? next(now.current) : next;
    setEditingState(now.current);
  };
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [loaded, setLoaded] = useState<'kept' | 'replaced' | null>(null);
  useEffect(() => setEditing((e) => (e.base === latest ? e : adopt(e, latest))), [latest]);
  return {
    editing,
    setValues: (values) => setEditing((e) => ({ ...e, values })),
    saved: (answer) => { setLoaded(null); setEditing(start(answer)); },
    loadCurrent: async () => {
      setLoading(true);
      setLoadError(null);
      try {
        const current = await read();
        const before = now.current;
        const next = loadCurrent(before, current);
        setEditing(next);
        setLoaded(next.values === before.values ? 'kept' : 'replaced');
      } catch (error) {
        setLoadError(error);
      } finally {
        setLoading(false);
      }
    },
    putBack: () => { setLoaded(null); setEditing(putBack); },
    loading, loadError, loaded,
  };
}
