import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';

/*
 * The CLI compiled to one plain-JavaScript file for Node (dist-cli/cli.cjs, run by the package
 * bin dist-cli/hypstep.cjs with a code cache: scripts/build-cli.mjs), engine bundled in, so starting it costs what Node costs: no TypeScript loader, and
 * CommonJS, which skips Node 20's ES module loader (a few ms of start-up).
 */
const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export default defineConfig({
  logLevel: 'warn',
  define: { __HYPSTEP_VERSION__: JSON.stringify(pkg.version) },
  ssr: { noExternal: true, target: 'node' },
  build: {
    ssr: 'src/cli/bin.ts',
    outDir: 'dist-cli',
    emptyOutDir: true,
    target: 'node20',
    minify: true,
    // not read at start-up; `node --enable-source-maps` maps a stack trace back to src/
    sourcemap: true,
    copyPublicDir: false,
    rollupOptions: {
      output: {
        entryFileNames: 'cli.cjs',
        format: 'cjs',
      },
    },
  },
});
