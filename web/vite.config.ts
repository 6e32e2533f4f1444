import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Built into web/dist, which the API server serves at `/`. The manifest lets the bundle-size test find
// exactly the chunks the wallet loads first. `npm run web:dev` proxies the API to a running server.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, manifest: true, target: 'es2022' },
  server: { proxy: { '/v1': 'http://localhost:3000' } },
});
