// Where the browser keeps credentials: a staff API key only for the tab's life (sessionStorage), the
// member's wallet token across visits (localStorage) until it expires.
const API_KEY = 'fidelis.apiKey';
const WALLET_TOKEN = 'fidelis.walletToken';

export const apiKeyStore = {
  get: (): string | null => sessionStorage.getItem(API_KEY),
  set: (key: string) => sessionStorage.setItem(API_KEY, key),
  clear: () => sessionStorage.removeItem(API_KEY),
};

export const walletTokenStore = {
  get: (): string | null => localStorage.getItem(WALLET_TOKEN),
  set: (token: string) => localStorage.setItem(WALLET_TOKEN, token),
  clear: () => localStorage.removeItem(WALLET_TOKEN),
};
