import { useState } from 'react';
import { failureText, unwrap, type ApiClient } from '../api/client.ts';
import type { components } from '../api/schema';
import { ErrorMessage } from '../ui/field.tsx';
import { QrCode } from '../wallet/qr-card.tsx';

type WalletLink = components['schemas']['WalletLink'];

/** Short enough that a QR code photographed off the till's screen is soon worthless. */
const TILL_LINK_MINUTES = 15;

/**
 * The member signs in to their wallet by scanning a QR code on the till's screen: no email round trip.
 * Each press signs a fresh link (nothing is stored), so there is nothing to make idempotent.
 */
export function WalletSignIn({ client, memberId, name }: { client: ApiClient; memberId: string; name: string }) {
  const [link, setLink] = useState<WalletLink | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const show = async () => {
    setBusy(true);
    setError(null);
    try {
      setLink(unwrap(await client.POST('/v1/members/{id}/wallet-link', { params: { path: { id: memberId } }, body: { ttlMinutes: TILL_LINK_MINUTES } })));
    } catch (failure) {
      setError(failureText(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="wallet-sign-in-title">
      <h2 id="wallet-sign-in-title">Wallet on the member’s phone</h2>
      {link ? (
        <>
          <QrCode payload={link.url} alt={`QR code that opens ${name}’s wallet`} />
          <p role="status">
            {name} scans this with the phone camera to open their wallet. It works until {new Date(link.expiresAt).toLocaleTimeString()}.
          </p>
        </>
      ) : (
        <button type="button" className="secondary" onClick={show} disabled={busy}>
          Show wallet sign-in QR
        </button>
      )}
      <ErrorMessage>{error}</ErrorMessage>
    </section>
  );
}
