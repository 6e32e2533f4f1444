import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { Link, usePath } from './router.tsx';
import './styles.css';

// One chunk per area: a member opening the wallet never downloads the admin dashboard.
const AdminApp = lazy(() => import('./admin/admin-app.tsx'));
const WalletApp = lazy(() => import('./wallet/wallet-app.tsx'));
const CheckoutApp = lazy(() => import('./checkout/checkout-app.tsx'));

function Home() {
  return (
    <main className="page narrow">
      <h1>Fidelis</h1>
      <p>Choose where to go:</p>
      <ul className="areas">
        <li>
          <Link to="/admin">Admin dashboard</Link> — program figures and members, for marketing and customer care.
        </li>
        <li>
          <Link to="/checkout">Checkout</Link> — recognise a member at the till, record a purchase, redeem points.
        </li>
        <li>
          <Link to="/wallet">Member wallet</Link> — the member’s card, points and tier, opened from a sign-in link.
        </li>
      </ul>
    </main>
  );
}

function App() {
  const area = usePath().split('/')[1];
  const page = area === 'admin' ? <AdminApp /> : area === 'wallet' ? <WalletApp /> : area === 'checkout' ? <CheckoutApp /> : <Home />;
  return <Suspense fallback={<p className="loading" role="status">Loading…</p>}>{page}</Suspense>;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
