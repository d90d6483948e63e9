// Makes the compiled CLI executable (package.json "bin" points at it).
import { chmodSync } from 'node:fs';

chmodSync(new globalThis.URL('../dist-cli/hypstep.cjs', import.meta.url), 0o755);
