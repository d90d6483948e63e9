import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { viteSingleFile } from 'vite-plugin-singlefile';

/**
 * `npm run build:single`: one self-contained HTML file that works from file:// with no network.
 * A file:// page cannot start a worker from a file, so the simulation worker is inlined and
 * started from a blob: URL (spawnWorker.inline.ts; the CSP allows worker-src blob:). It is a
 * classic (iife) worker there: Chromium refuses a module worker from a blob: URL made by a
 * file:// page (an opaque origin), while the served builds use a module worker.
 */
export default defineConfig({
  plugins: [react(), viteSingleFile()],
  base: './',
  worker: { format: 'iife' },
  resolve: {
    alias: [
      {
        find: /^(\.\.?\/)+(worker\/)?spawnWorker$/,
        replacement: fileURLToPath(
          new URL('./src/ui/worker/spawnWorker.inline.ts', import.meta.url),
        ),
      },
    ],
  },
  build: { outDir: 'dist-single', emptyOutDir: true },
});
