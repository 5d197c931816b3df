import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The server serves apps/web/dist at / (SPA fallback) and the API under /api; in development the
// Vite server forwards /api (including the WebSocket upgrade) to a locally running `rapport start`.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // React changes less often than the app, so its chunk stays cached across releases; the rest is
        // split by where it is used, so the sign-in screen loads no more than it needs.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/, priority: 3 },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', ws: true },
    },
  },
});
