import { useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { capital } from '../format';
import { ProblemText } from '../ui/problem';
import { useTitle } from '../ui/use-title';
import { startOidcSignIn } from './oidc';
import { signIn, signOut, signOutReason, whoIs } from './session';
import { expiredReason } from './token-expiry';
import type { ConsoleSettings } from './settings';

/** Sign in: with the issuer when one is configured, else by pasting a bearer token. */
export function SignIn({ settings, failure }: { settings: ConsoleSettings; failure?: unknown }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<unknown>(failure ?? null);
  const [busy, setBusy] = useState(false);
  const reason = signOutReason();
  useTitle('Sign in');

  async function submit(event: Event) {
    event.preventDefault();
    const value = token.trim().replace(/^Bearer\s+/i, '');
    if (!value) { setError(new Error('Paste a bearer token first.')); return; }
    setBusy(true);
    setError(null);
    // Ask the API who this token belongs to before showing anything: a bad token is refused here.
    const answer = await whoIs(value);
    setBusy(false);
    if ('who' in answer) { signIn(value, answer.who); return; }
    signOut();
    const expired = answer.status === 401 ? expiredReason(value, answer.at) : null;
    setError(new ApiError(answer.status, answer.code ?? 'sign_in', expired ? capital(expired) : answer.detail ?? 'The service did not answer.'));
  }

  return (
    <main id="main" class="sign-in">
      <h1>Sign in to tenancy</h1>
      {reason && <p class="problem" role="alert">Signed out: {reason}</p>}
      {settings.signIn === 'oidc' ? (
        <div class="panel">
          <p>Sign in with your organisation's account.</p>
          <button type="button" class="primary" onClick={() => startOidcSignIn(settings).catch(setError)}>Sign in with {new URL(settings.issuer).host}</button>
        </div>
      ) : (
        <form class="panel" onSubmit={submit}>
          <div class="field">
            <label for="token">Bearer token</label>
            <textarea id="token" rows={4} class="mono" autoComplete="off" spellcheck={false} value={token}
              aria-describedby="token-hint" onInput={(e) => setToken(e.currentTarget.value)} />
            <small id="token-hint" class="hint">
              <code>npm start</code> prints a staff token when it starts. The token stays in this tab's memory only: reloading signs you out.
            </small>
          </div>
          <button type="submit" class="primary" disabled={busy}>Sign in</button>
        </form>
      )}
      <ProblemText error={error} />
    </main>
  );
}
