/*
 * Where the CLI writes. Output goes through `write`, which honours the stream's backpressure:
 * a pipe holds 64 KiB, and a process that exits while more is queued loses the rest
 * (issue 9 item 1). The process entry (bin.ts) then waits for stdout to drain before it
 * lets Node exit, and never calls process.exit.
 */
export interface CliIo {
  /** Writes text as is; wait on the promise before writing more. */
  write(text: string): Promise<void> | void;
  /** One line on stderr. */
  error(line: string): void;
}

interface Writable {
  write(chunk: string, cb?: (err?: Error | null) => void): boolean;
  once(event: 'drain' | 'error', listener: () => void): unknown;
}

/** Writes to a Node stream, resolving only when the stream can take more. */
export function streamIo(out: Writable, err: Writable): CliIo {
  return {
    write(text) {
      if (out.write(text)) return;
      return new Promise<void>((resolve) => out.once('drain', resolve));
    },
    error(line) {
      err.write(line + '\n');
    },
  };
}

/** Collects output in memory: for tests. */
export function memoryIo(): CliIo & {
  readonly stdout: () => string;
  readonly stderr: () => string;
} {
  const out: string[] = [];
  const err: string[] = [];
  return {
    write: (text) => void out.push(text),
    error: (line) => void err.push(line),
    stdout: () => out.join(''),
    stderr: () => err.join('\n'),
  };
}
