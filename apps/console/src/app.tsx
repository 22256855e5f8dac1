import { useEffect, useRef, useState } from 'preact/hooks';
import { endOidcSession } from './auth/oidc';
import { TokenExpiryWarning } from './auth/expiry-warning';
import { SignIn } from './auth/sign-in';
import { currentSession, signOut, subscribe } from './auth/session';
import type { ConsoleSettings } from './auth/settings';
import { CompaniesPage } from './pages/companies/companies-page';
import { MyCompaniesPage } from './pages/my-companies';
import { TenantPage } from './pages/tenant/tenant-page';
import { currentRoute, href, navigate, useRoute } from './router';
import { focusMainHeading } from './ui/focus-heading';

export function App({ settings, failure }: { settings: ConsoleSettings; failure?: unknown }) {
  const [session, setSession] = useState(currentSession);
  useEffect(() => subscribe(() => setSession(currentSession())), []);
  const [section, id, tab] = useRoute();
  const home = session?.staff ? 'companies' : 'mine';
  // The first page after sign-in: staff manage companies, everyone else sees their own. Effects run
  // after the paint: a page chosen meanwhile (a link followed, an address typed) is kept.
  useEffect(() => { if (session && currentRoute().length === 0) navigate(`/${home}`); }, [session, section]);
  // Signing in replaces the whole screen: focus goes to the new page's heading, not to the top of the document.
  const wasSignedIn = useRef(session !== null);
  useEffect(() => {
    const signedIn = session !== null;
    const justSignedIn = signedIn && !wasSignedIn.current;
    wasSignedIn.current = signedIn;
    if (justSignedIn) return focusMainHeading();
  }, [session]);
  if (!session) return <SignIn settings={settings} failure={failure} />;
  const page = section ?? home;
  // What is on screen: a company (staff reach it from Companies, members from My companies), a list, or one's own.
  const shown = page === 'companies' && id ? 'company' : page === 'companies' && session.staff ? 'companies' : 'mine';
  const current = (item: 'companies' | 'mine') =>
    shown === item ? 'page' : shown === 'company' && (item === 'companies') === session.staff ? 'true' : undefined;
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>Skip to content</a>
      <header class="top">
        <span class="brand">tenancy</span>
        <nav aria-label="Main">
          {session.staff && <a href={href('companies')} aria-current={current('companies')}>Companies</a>}
          <a href={href('mine')} aria-current={current('mine')}>My companies</a>
        </nav>
        <div class="who">
          <span class="muted">{session.email ?? session.userId}{session.staff ? ' · staff' : ''}</span>
          <button type="button" onClick={() => { signOut(); navigate('/'); void endOidcSession(); }}>Sign out</button>
        </div>
      </header>
      {/* A pasted token cannot be renewed (after an OIDC sign-in the console renews it). */}
      {settings.signIn === 'token' && <TokenExpiryWarning token={session.token} />}
      <main id="main" tabIndex={-1}>
        {/* Keyed by company: another company starts afresh (its role, its forms), never showing the last one's while it loads. */}
        {shown === 'company' && id ? <TenantPage key={id} id={id} tab={tab ?? ''} />
          : shown === 'companies' ? <CompaniesPage />
          : <MyCompaniesPage />}
      </main>
    </>
  );
}
