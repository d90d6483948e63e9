// Adds a Content-Security-Policy to the single-file build: no network, no eval, and only the
// inlined script and style, each allowed by its SHA-256 hash. The simulation worker is inlined
// too and started from a blob: URL the page makes itself: worker-src blob: allows that, and
// nothing else (a blob: URL can only be made by a script the policy already let run).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2] ?? 'dist-single/index.html';
let html = readFileSync(file, 'utf8');
const hash = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => hash(m[1]));
const styles = [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/g)].map((m) => hash(m[1]));
if (scripts.length === 0) throw new Error(`${file}: no inline script found`);
const csp = [
  "default-src 'none'",
  `script-src ${scripts.join(' ')}`,
  `style-src ${styles.length ? styles.join(' ') : "'none'"}`,
  'worker-src blob:',
  'img-src data: blob:',
  'font-src data:',
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
html = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/g, '');
html = html.replace(
  '<head>',
  `<head>\n    <meta http-equiv="Content-Security-Policy" content="${csp}" />`,
);
writeFileSync(file, html);
console.log(
  `${file}: ${(html.length / 1024).toFixed(0)} KiB, CSP with ${scripts.length} script and ${styles.length} style hash(es)`,
);
