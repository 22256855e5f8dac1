import { useEffect, useState } from 'preact/hooks';
import { expiryWarning } from './token-expiry';

/**
 * Timers sleep with the computer and cannot wait beyond 24.8 days (setTimeout's limit): the
 * warning is looked at again at least this often, so it still shows after a laptop wakes up.
 */
const RECHECK_AT_LEAST_EVERY_MS = 30_000;

/**
 * Under the header, for a pasted token (it cannot be renewed): from five minutes before it expires,
 * when it does and what to do, so the person is not signed out mid-task without notice.
 */
export function TokenExpiryWarning({ token }: { token: string }) {
  const [, redraw] = useState(0);
  const { warning, recheckInMs } = expiryWarning(token, new Date());
  useEffect(() => {
    if (recheckInMs === null) return;
    const timer = setTimeout(() => redraw((n) => n + 1), Math.min(recheckInMs, RECHECK_AT_LEAST_EVERY_MS));
    return () => clearTimeout(timer);
  });
  return warning ? <p class="warning session-warning" role="status">{warning}</p> : null;
}
