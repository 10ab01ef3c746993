/**
 * A spawned `./bin/spinode run` that gets a real SIGINT once its timeseries.csv holds data rows: for the
 * tests of "interrupted runs lose nothing" (exit 130, checkpoint, --resume), which need a separate process
 * (a signal to the test's own process would reach vitest).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const BIN = resolve('bin/spinode');

export interface Spawned {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Start `spinode run ARGS --out OUT`, send SIGINT once timeseries.csv has `rows` data rows, and wait for the exit. */
export function runAndInterrupt(args: string[], out: string, rows = 1): Promise<Spawned> {
  return new Promise((done, fail) => {
    const child = spawn(BIN, ['run', ...args, '--out', out], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const csv = join(out, 'timeseries.csv');
    const poll = setInterval(() => {
      if (existsSync(csv) && readFileSync(csv, 'utf8').split('\n').length > rows + 1) {
        clearInterval(poll);
        child.kill('SIGINT');
      }
    }, 50);
    const deadline = setTimeout(() => {
      clearInterval(poll);
      child.kill('SIGKILL');
      fail(new Error(`spinode run did not end within 90 s; stderr: ${stderr}`));
    }, 90_000);
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      clearTimeout(deadline);
      done({ code, signal, stderr });
    });
  });
}
