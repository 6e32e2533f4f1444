// The member's own wallet: staff hand out a magic link, the wallet reads with the token it carries.
import type { App } from '../../http/context.js';
import { memberIdParams, problems } from '../../http/schemas.js';
import { DEFAULT_LINK_MINUTES, walletLink, walletLinkBody, walletMe } from './contract.js';
import { createWalletLink, walletOverview } from './service.js';

const tags = ['wallet'];

export async function walletRoutes(app: App): Promise<void> {
  const { db, clock, config } = app.fidelis;

  app.post('/v1/members/:id/wallet-link', {
    config: { roles: ['admin', 'staff'] },
    schema: {
      tags,
      summary: 'A sign-in link to the member’s wallet',
      description:
        'A signed, short-lived magic link `/wallet#token=…` to send or show as a QR code at the till. The token is the member’s ' +
        'credential for the `/v1/wallet` routes until it expires. Nothing is stored, so no Idempotency-Key is needed: ' +
        'each call signs a fresh link.',
      params: memberIdParams,
      body: walletLinkBody,
      response: { 200: walletLink, ...problems },
    },
    handler: (request) => createWalletLink(db, config, request.params.id, request.body?.ttlMinutes ?? DEFAULT_LINK_MINUTES, clock()),
  });

  app.get('/v1/wallet/me', {
    config: { memberToken: true },
    schema: {
      tags,
      summary: 'The member’s wallet: card, balance, expiring points, tier progress, history',
      description:
        'Authenticated by the member’s wallet token (`Authorization: Bearer <token>` from a wallet link), never by an API key. ' +
        '401 wallet_token_invalid / wallet_token_expired when the link is not genuine or too old.',
      security: [{ walletToken: [] }],
      response: { 200: walletMe, ...problems },
    },
    handler: (request) => walletOverview(db, request.walletMemberId, clock()),
  });
}
