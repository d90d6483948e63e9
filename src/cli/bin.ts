import { streamIo } from './io';
import { main } from './sim';

/*
 * The process entry of the CLI (compiled to dist-cli/hypstep.cjs, package.json "bin").
 * It never calls process.exit: Node exits by itself once stdout has drained, so piped output
 * is never cut short. An unexpected error prints its stack and exits 1.
 */
// a reader that goes away (`| head`) is not an error of ours: stop quietly
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

main(process.argv.slice(2), streamIo(process.stdout, process.stderr)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exitCode = 1;
  },
);
