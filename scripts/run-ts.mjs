// Runs a TypeScript entry point (the CLI, the benchmarks) through Vite's SSR module
// loader, because Node 20 cannot strip types by itself and the stack already has Vite.
import { createServer } from 'vite';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs ENTRY.ts [ARGS...]');
  process.exit(2);
}
const server = await createServer({
  configFile: false,
  logLevel: 'silent',
  appType: 'custom',
  server: { middlewareMode: true, hmr: false, ws: false, watch: null },
  optimizeDeps: { noDiscovery: true, include: [] },
});
let code;
try {
  const mod = await server.ssrLoadModule(entry);
  if (typeof mod.main !== 'function') throw new Error(`${entry} exports no main(args)`);
  code = (await mod.main(args)) ?? 0;
} catch (err) {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  code = 1;
} finally {
  await server.close();
}
process.exit(code);
