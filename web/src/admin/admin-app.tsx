import { lazy, Suspense, useMemo } from 'react';
import { createApiClient } from '../api/client.ts';
import { apiKeyStore } from '../api/session.ts';
import { Link, matchPath, usePath } from '../router.tsx';
import { ApiKeyGate } from '../ui/api-key-login.tsx';
import { CallListPage } from './call-list.tsx';
import { ImportPage } from './import-page.tsx';
import { Member360 } from './member-360.tsx';
import { MemberSearch } from './member-search.tsx';
import { Overview } from './overview.tsx';

// The charts are the admin's biggest page and few visits need them: their own chunk.
const ChartsPage = lazy(() => import('./charts-page.tsx'));
// The program editor is its own chunk, fetched when an admin opens it.
const ProgramApp = lazy(() => import('./program/program-app.tsx'));

function AdminPages({ signOut }: { signOut: () => void }) {
  const path = usePath();
  const client = useMemo(() => createApiClient(apiKeyStore.get), []);
  const member = matchPath('/admin/members/:id', path);
  const page = path.startsWith('/admin/program') ? (
    <Suspense fallback={<p role="status">Loading the program editor…</p>}>
      <ProgramApp client={client} />
    </Suspense>
  ) : member ? (
    <Member360 client={client} id={member.id!} />
  ) : path.startsWith('/admin/members') ? (
    <MemberSearch client={client} />
  ) : path.startsWith('/admin/charts') ? (
    <Suspense fallback={<p role="status">Loading charts…</p>}>
      <ChartsPage client={client} />
    </Suspense>
  ) : path.startsWith('/admin/calls') ? (
    <CallListPage client={client} />
  ) : path.startsWith('/admin/import') ? (
    <ImportPage client={client} />
  ) : (
    <Overview client={client} />
  );
  const current = (to: string) => (to === '/admin' ? path === '/admin' || path === '/admin/' : path.startsWith(to)) ? 'page' : undefined;
  return (
    <div className="admin">
      {/* Past the six links of the bar (and the program's own) to the page, for keyboard users. */}
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <h1 className="app-name">Fidelis admin</h1>
        <nav aria-label="Admin">
          <Link to="/admin" aria-current={current('/admin')}>
            Overview
          </Link>
          <Link to="/admin/members" aria-current={current('/admin/members')}>
            Members
          </Link>
          <Link to="/admin/charts" aria-current={current('/admin/charts')}>
            Charts
          </Link>
          <Link to="/admin/calls" aria-current={current('/admin/calls')}>
            Calls
          </Link>
          <Link to="/admin/import" aria-current={current('/admin/import')}>
            Import
          </Link>
          <Link to="/admin/program" aria-current={current('/admin/program')}>
            Program
          </Link>
        </nav>
        <button type="button" className="link" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main className="page" id="main" tabIndex={-1}>
        {page}
      </main>
    </div>
  );
}

export default function AdminApp() {
  return <ApiKeyGate title="Fidelis admin">{(signOut) => <AdminPages signOut={signOut} />}</ApiKeyGate>;
}
