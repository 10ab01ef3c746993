/** Run the CLI's main() in-process and capture what it writes to stdout and stderr. */
import { main } from '../../../src/cli/main.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** an exception that escaped main() (main must never let one escape) */
  thrown?: unknown;
  seconds: number;
}

export async function runCli(argv: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const stdoutWrite = process.stdout.write;
  const stderrWrite = process.stderr.write;
  const capture = (into: string[]) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      cb?.();
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  const started = performance.now();
  let code = -1;
  let thrown: unknown;
  try {
    code = await main(argv);
  } catch (e) {
    thrown = e;
  } finally {
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
  }
  return { code, stdout: out.join(''), stderr: err.join(''), thrown, seconds: (performance.now() - started) / 1000 };
}

/** A stack trace line as Node prints them ("    at fn (file:line:col)"). */
export const STACK_LINE = /^\s+at .+(:\d+:\d+\)?|\(native\)|<anonymous>)$/m;

/**
 * A synchronous endless loop cannot be caught by a timer in the same thread, so a separate process
 * watches: if `fn` has not finished after `seconds`, it prints `describe()`'s last value (e.g. the
 * mutant being validated) and kills this process, which fails the test run instead of hanging it.
 */
export async function withWatchdog<T>(seconds: number, progressFile: string, fn: (progress: (what: string) => void) => Promise<T>): Promise<T> {
  const { spawn } = await import('node:child_process');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(progressFile, 'starting');
  const script = `setTimeout(() => {
    const what = require('fs').readFileSync(${JSON.stringify(progressFile)}, 'utf8');
    process.stderr.write('watchdog: no answer after ${seconds} s, stuck at: ' + what + '\\n');
    try { process.kill(${process.pid}, 'SIGKILL'); } catch {}
  }, ${seconds * 1000});`;
  const dog = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    return await fn((what) => writeFileSync(progressFile, what));
  } finally {
    dog.kill('SIGKILL');
  }
}
