import { walletTokenStore } from '../api/session.ts';

/**
 * The token from a magic link (`/wallet#token=…`) is kept and then removed from the address bar, so a
 * screenshot or a shared URL does not carry the member's credential.
 */
export function takeTokenFromLink(): string | null {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (match) {
    walletTokenStore.set(decodeURIComponent(match[1]!));
    history.replaceState(null, '', location.pathname + location.search);
  }
  return walletTokenStore.get();
}
