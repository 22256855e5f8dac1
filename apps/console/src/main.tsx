import { render } from 'preact';
import { App } from './app';
import { finishOidcLogout, finishOidcSignIn, isOidcCallback, isOidcLogoutCallback } from './auth/oidc';
import { loadSettings } from './auth/settings';
import './styles.css';

async function start() {
  const settings = await loadSettings();
  let failure: unknown;
  if (settings.signIn === 'oidc' && isOidcCallback()) {
    await finishOidcSignIn(settings).catch((error) => { failure = error; });
  } else if (settings.signIn === 'oidc' && isOidcLogoutCallback()) {
    await finishOidcLogout(settings);
  }
  render(<App settings={settings} failure={failure} />, document.getElementById('app')!);
}

void start();
