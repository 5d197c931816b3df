import { defineConfig } from 'vite';

// The chat frame: a small framework-free page served at /widget/frame.html on Rapport's origin and
// embedded by the loader on customers' sites. The loader is built by vite.loader.config.ts.
export default defineConfig({
  base: '/widget/',
  build: {
    outDir: 'dist/widget',
    emptyOutDir: true,
    rolldownOptions: { input: { frame: 'frame.html' } },
  },
});
