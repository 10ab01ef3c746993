/**
 * Dawn (the `webgpu` package's native module) prints notes about adapter limits it clamps straight to
 * file descriptor 2 when an adapter is created, e.g.
 *   Warning: maxDynamicUniformBuffersPerPipelineLayout artificially reduced from 1000000 to 16 to fit dynamic offset allocation limit.
 * They say nothing about the user's run, but users read them as problems (issue #25). Node cannot
 * redirect a native module's fd 2 in-process, and Dawn has no run-time switch for its log level, so
 * bin/spinode runs the command in a child process whose stderr passes through `dawnNoteFilter`: these
 * notes are dropped, every other byte (progress bars with \r, other native output) passes unchanged and
 * without delay. `--debug` shows everything (no child process).
 */
import { spawn } from 'node:child_process';

/** One of Dawn's limit-clamping notes (a whole line, without its newline). */
export const DAWN_NOTE = /^Warning: max\w+ artificially reduced from \d+ to \d+ to fit dynamic offset allocation limit\.$/;
const PREFIX = 'Warning: max';

/**
 * A stream filter: feed it text as it arrives (`push`), it calls `write` with everything but Dawn's
 * notes. Text is held back only while it could still turn out to be a note (a line that so far matches
 * the note's prefix); `end()` releases what is held.
 */
export function dawnNoteFilter(write) {
  let held = '';
  const couldBeNote = (s) => (s.length <= PREFIX.length ? PREFIX.startsWith(s) : s.startsWith(PREFIX));
  return {
    push(text) {
      let data = held + text;
      held = '';
      let out = '';
      for (;;) {
        const nl = data.indexOf('\n');
        // the current line runs from 0 to nl; text before a \r belongs to the terminal, not to a note
        const line = nl < 0 ? data : data.slice(0, nl);
        const cr = line.lastIndexOf('\r');
        const start = cr + 1;
        out += line.slice(0, start);
        const rest = line.slice(start);
        if (nl < 0) {
          if (rest !== '' && couldBeNote(rest)) held = rest;
          else out += rest;
          break;
        }
        if (!DAWN_NOTE.test(rest)) out += `${rest}\n`;
        data = data.slice(nl + 1);
      }
      if (out) write(out);
    },
    end() {
      if (held) write(held);
      held = '';
    },
  };
}

/**
 * Run `script` with `args` in a child Node process (same flags, environment plus `env`), its stderr
 * through dawnNoteFilter; SIGINT and SIGTERM are passed on (the child checkpoints and exits 130).
 * Resolves with the child's exit code (128 + signal number when it was killed by a signal).
 */
export function runFiltered(script, args, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, script, ...args], { stdio: ['inherit', 'inherit', 'pipe'], env: { ...process.env, ...env } });
    const filter = dawnNoteFilter((s) => process.stderr.write(s));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => filter.push(d));
    const forward = (signal) => () => child.kill(signal);
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    child.on('close', (code, signal) => {
      filter.end();
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      const numbers = { SIGINT: 2, SIGTERM: 15, SIGKILL: 9, SIGSEGV: 11, SIGABRT: 6 };
      resolve(code ?? 128 + (numbers[signal] ?? 1));
    });
  });
}
