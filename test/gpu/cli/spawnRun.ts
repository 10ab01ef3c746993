/**
 * A spawned `./bin/spinode` that gets a real SIGINT at a chosen moment (a run once its timeseries.csv holds
 * data rows, a sweep once some samples are done): for the tests of "interrupted runs lose nothing" (exit
 * 130, checkpoint, --resume), which need a separate process (a signal to the test's own process would
 * reach vitest).
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

/**
 * Start `spinode ARGS`, send SIGINT once `ready()` says so (polled every 50 ms), and wait for the exit;
 * SIGKILL and a failure after `limitMs`.
 */
export function spawnAndInterrupt(args: string[], ready: () => boolean, limitMs = 90_000): Promise<Spawned> {
  return new Promise((done, fail) => {
    const child = spawn(BIN, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const poll = setInterval(() => {
      if (ready()) {
        clearInterval(poll);
        child.kill('SIGINT');
      }
    }, 50);
    const deadline = setTimeout(() => {
      clearInterval(poll);
      child.kill('SIGKILL');
      fail(new Error(`spinode ${args[0]} did not end within ${limitMs / 1000} s; stderr: ${stderr}`));
    }, limitMs);
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      clearTimeout(deadline);
      done({ code, signal, stderr });
    });
  });
}

/** Start `spinode run ARGS --out OUT`, send SIGINT once timeseries.csv has `rows` data rows, and wait for the exit. */
export function runAndInterrupt(args: string[], out: string, rows = 1): Promise<Spawned> {
  const csv = join(out, 'timeseries.csv');
  return spawnAndInterrupt(['run', ...args, '--out', out], () => existsSync(csv) && readFileSync(csv, 'utf8').split('\n').length > rows + 1);
}
