#!/usr/bin/env node
/*
 * Scores Stryker's JSON report (reports/mutation/mutation.json) per file, counting only mutants
 * that change behaviour: the equivalent mutants listed in stryker.equivalent.json (each with its
 * reason) are taken out of both sides. A listed mutant is found by file, mutator, the code it
 * replaces and its replacement (plus, where that code occurs twice, a piece of its line or the
 * text just before it), so the list survives line moves. Exits 1 below the target.
 *   node scripts/mutation-score.mjs [report.json] [--target 80] [--list]
 */
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const reportPath = args.find((a) => !a.startsWith('--')) ?? 'reports/mutation/mutation.json';
const target = Number(args[args.indexOf('--target') + 1]) || 80;
const list = args.includes('--list');

const report = JSON.parse(readFileSync(reportPath, 'utf8'));
const equivalents = JSON.parse(readFileSync('stryker.equivalent.json', 'utf8')).equivalent;
const squash = (s) => s.replace(/\s+/g, ' ').trim();

/** The source text a mutant replaces (the JSON report's locations: 1-based lines and columns). */
function originalOf(source, loc) {
  const lines = source.split('\n');
  const { start, end } = loc;
  if (start.line === end.line) return lines[start.line - 1].slice(start.column - 1, end.column - 1);
  const parts = [lines[start.line - 1].slice(start.column - 1)];
  for (let l = start.line; l < end.line - 1; l++) parts.push(lines[l]);
  parts.push(lines[end.line - 1].slice(0, end.column - 1));
  return parts.join('\n');
}

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);
const used = new Set();
const rows = [];
const totals = { killed: 0, survived: 0, noCoverage: 0, equivalent: 0 };
const pad = (s, n) => String(s).padEnd(n);

for (const [file, { source, mutants }] of Object.entries(report.files).sort()) {
  const r = { file, killed: 0, survived: 0, noCoverage: 0, equivalent: 0, left: [] };
  for (const m of mutants) {
    if (!DETECTED.has(m.status) && !UNDETECTED.has(m.status)) continue; // ignored, compile errors
    const original = squash(originalOf(source, m.location));
    const line = source.split('\n')[m.location.start.line - 1];
    const before = line.slice(0, m.location.start.column - 1).trimEnd();
    const eq = equivalents.findIndex(
      (e) =>
        file.endsWith(e.file) &&
        e.mutator === m.mutatorName &&
        squash(e.original) === original &&
        squash(e.replacement) === squash(m.replacement ?? '') &&
        // optional, when the same code occurs more than once: a piece of its line, what precedes it
        (e.line === undefined || line.includes(e.line)) &&
        (e.before === undefined || before.endsWith(e.before.trimEnd())),
    );
    if (eq >= 0) {
      used.add(eq);
      r.equivalent++;
      if (DETECTED.has(m.status))
        console.warn(
          `listed as equivalent but killed: ${file}:${m.location.start.line} ${m.mutatorName}`,
        );
      continue;
    }
    if (DETECTED.has(m.status)) r.killed++;
    else {
      if (m.status === 'Survived') r.survived++;
      else r.noCoverage++;
      r.left.push(
        `${m.status} ${file}:${m.location.start.line}:${m.location.start.column} ${m.mutatorName}: ${squash(original).slice(0, 70)} -> ${squash(m.replacement ?? '').slice(0, 50)}`,
      );
    }
  }
  for (const k of Object.keys(totals)) totals[k] += r[k];
  rows.push(r);
}

const score = (r) => (100 * r.killed) / Math.max(1, r.killed + r.survived + r.noCoverage);
console.log(`${pad('file', 36)} ${pad('score', 7)} killed survived no-cov equivalent`);
for (const r of [...rows, { file: 'all files', ...totals }])
  console.log(
    `${pad(r.file, 36)} ${pad(score(r).toFixed(1) + '%', 7)} ${pad(r.killed, 6)} ${pad(r.survived, 8)} ${pad(r.noCoverage, 6)} ${r.equivalent}`,
  );
const inReport = (e) => Object.keys(report.files).some((f) => f.endsWith(e.file));
const unused = equivalents.filter((e, i) => !used.has(i) && inReport(e));
if (unused.length)
  console.warn(
    `\n${unused.length} listed equivalent mutant(s) not found in this report:`,
    unused.map((e) => `${e.file} ${e.mutator} ${e.original}`),
  );
if (list) for (const r of rows) for (const l of r.left) console.log(l);
const low = rows.filter((r) => score(r) < target);
if (low.length) {
  console.log(`\nbelow ${target}%: ${low.map((r) => r.file).join(', ')}`);
  process.exit(1);
}
