import { defineConfig } from 'vite';

// The loader sites paste (<script src=".../widget.js" async>): one classic script, no imports,
// served at /widget.js. Built after the frame, into the same dist folder.
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    lib: { entry: 'src/loader/loader.ts', formats: ['iife'], name: 'RapportWidgetLoader', fileName: () => 'widget.js' },
  },
});
