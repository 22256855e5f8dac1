import { useEffect, useState } from 'preact/hooks';
import { SignIn } from './auth/sign-in';
import { currentSession, signOut, subscribe } from './auth/session';
import type { ConsoleSettings } from './auth/settings';
import { CompaniesPage } from './pages/companies/companies-page';
import { MyCompaniesPage } from './pages/my-companies';
import { TenantPage } from './pages/tenant/tenant-page';
import { href, navigate, useRoute } from './router';

export function App({ settings, failure }: { settings: ConsoleSettings; failure?: unknown }) {
  const [session, setSession] = useState(currentSession);
  useEffect(() => subscribe(() => setSession(currentSession())), []);
  const [section, id, tab] = useRoute();
  const home = session?.staff ? 'companies' : 'mine';
  // The first page after sign-in: staff manage companies, everyone else sees their own.
  useEffect(() => { if (session && !section) navigate(`/${home}`); }, [session, section]);
  if (!session) return <SignIn settings={settings} failure={failure} />;
  const page = section ?? home;
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>Skip to content</a>
      <header class="top">
        <span class="brand">tenancy</span>
        <nav aria-label="Main">
          {session.staff && <a href={href('companies')} aria-current={page === 'companies' && !id ? 'page' : undefined}>Companies</a>}
          <a href={href('mine')} aria-current={page === 'mine' ? 'page' : undefined}>My companies</a>
        </nav>
        <div class="who">
          <span class="muted">{session.email ?? session.userId}{session.staff ? ' · staff' : ''}</span>
          <button type="button" onClick={() => { signOut(); navigate('/'); }}>Sign out</button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {/* Keyed by company: another company starts afresh (its role, its forms), never showing the last one's while it loads. */}
        {page === 'companies' && id ? <TenantPage key={id} id={id} tab={tab ?? ''} />
          : page === 'companies' && session.staff ? <CompaniesPage />
          : <MyCompaniesPage />}
      </main>
    </>
  );
}
