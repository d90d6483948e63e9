// Sums the unit (vitest) and e2e (playwright) JSON reports into the one closing line CI reads.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
const [unitPath, e2ePath] = process.argv.slice(2);
if (unitPath && existsSync(unitPath)) {
  const r = JSON.parse(readFileSync(unitPath, 'utf8'));
  passed += r.numPassedTests ?? 0;
  failed +=
    (r.numFailedTests ?? 0) +
    (r.numTotalTestSuites && r.success === false && !r.numFailedTests ? 1 : 0);
} else {
  failed += 1;
  console.error(`no unit report at ${unitPath}`);
}
if (e2ePath && existsSync(e2ePath)) {
  const r = JSON.parse(readFileSync(e2ePath, 'utf8'));
  passed += r.stats?.expected ?? 0;
  failed += (r.stats?.unexpected ?? 0) + (r.stats?.flaky ? 0 : 0);
} else {
  failed += 1;
  console.error(`no e2e report at ${e2ePath}`);
}
console.log(`${passed} passed, ${failed} failed`);
