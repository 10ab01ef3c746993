/**
 * Progress of `spinode run` (Node). On a terminal: a cli-progress bar with simulated time (with
 * units), step, steps/s and time remaining. Otherwise (a pipe, a log file, CI): one JSON line every
 * `intervalSeconds` and a last one at `stop()`, e.g.
 *   {"type":"progress","step":1200,"time":12.5,"tEnd":100,"units":"s","fraction":0.125,
 *    "stepsPerSecond":830.2,"etaSeconds":61.3,"elapsedSeconds":8.7,"final":false}
 * Both go to stderr by default, keeping stdout for results. A heartbeat timer repeats the last state at
 * least every `intervalSeconds` (10 s) even when no chunk of steps has come back (a slow chunk: a large
 * grid, many elastic iterations), with the elapsed time and the time since the last completed step.
 */
import cliProgress from 'cli-progress';
import { ProgressEstimate, formatDuration, formatQuantity } from './progressEstimate.ts';

export interface ProgressOptions {
  /** Simulated end time, in the scene's units. */
  tEnd?: number;
  /** Step at which the run stops (`--steps`). With tEnd too, progress is the larger fraction. */
  stepEnd?: number;
  /** Time unit shown after simulated times ("s"; "" for dimensionless scenes). */
  units: string;
  /** Draw a bar (a terminal) or write JSON lines. */
  isTTY: boolean;
  /** Default process.stderr. */
  stream?: NodeJS.WritableStream;
  /** Seconds between JSON lines when not a TTY (default 10). */
  intervalSeconds?: number;
  /** Clock in milliseconds (tests). Default performance.now. */
  now?: () => number;
}

export interface ProgressUpdate {
  step: number;
  time: number;
}

export interface Progress {
  update(state: ProgressUpdate): void;
  /** Final report; further updates are ignored. */
  stop(): void;
}

function fractionDone(state: ProgressUpdate, options: ProgressOptions): number {
  let f = 0;
  if (options.tEnd !== undefined && options.tEnd > 0) f = Math.max(f, state.time / options.tEnd);
  if (options.stepEnd !== undefined && options.stepEnd > 0) f = Math.max(f, state.step / options.stepEnd);
  return Math.min(1, Math.max(0, f));
}

export function createProgress(options: ProgressOptions): Progress {
  if (options.tEnd === undefined && options.stepEnd === undefined) throw new Error('progress needs tEnd or stepEnd');
  const now = options.now ?? (() => performance.now());
  const stream = options.stream ?? process.stderr;
  const started = now();
  const estimate = new ProgressEstimate();
  let last: ProgressUpdate = { step: 0, time: 0 };
  let stopped = false;

  const snapshot = (final: boolean) => {
    const fraction = fractionDone(last, options);
    return {
      type: 'progress',
      step: last.step,
      time: last.time,
      tEnd: options.tEnd ?? null,
      stepEnd: options.stepEnd ?? null,
      units: options.units,
      fraction,
      stepsPerSecond: estimate.stepsPerSecond(),
      etaSeconds: estimate.etaSeconds(),
      elapsedSeconds: (now() - started) / 1000,
      sinceLastStepSeconds: (now() - lastObserved) / 1000,
      final,
    };
  };
  const intervalMs = (options.intervalSeconds ?? 10) * 1000;
  /** Call `beat` at least every interval, also while no update arrives; unref'd: never keeps the process alive. */
  const heartbeat = (beat: () => void) => {
    const timer = setInterval(beat, Math.max(1, intervalMs / 2));
    (timer as { unref?: () => void }).unref?.();
    return () => clearInterval(timer);
  };

  let lastObserved = started;
  const observe = (state: ProgressUpdate) => {
    lastObserved = now();
    last = { step: state.step, time: state.time };
    estimate.push({ wallMs: now(), step: state.step, fraction: fractionDone(last, options) });
  };

  if (!options.isTTY) {
    let lastLine = -Infinity;
    const emit = (final: boolean) => {
      stream.write(`${JSON.stringify(snapshot(final))}\n`);
      lastLine = now();
    };
    const stopBeat = heartbeat(() => {
      if (!stopped && now() - lastLine >= intervalMs) emit(false);
    });
    return {
      update(state) {
        if (stopped) return;
        observe(state);
        if (now() - lastLine >= intervalMs) emit(false);
      },
      stop() {
        if (stopped) return;
        stopped = true;
        stopBeat();
        emit(true);
      },
    };
  }

  const timePart = options.tEnd !== undefined ? `t {simTime} / ${formatQuantity(options.tEnd, options.units)} | ` : '';
  const stepPart = options.stepEnd !== undefined ? `step {stepText} / ${options.stepEnd}` : 'step {stepText}';
  const bar = new cliProgress.SingleBar({
    // payload names avoid cli-progress's own tokens ({eta}, {value}, {total}, {duration}...)
    format: `{bar} {percentage}% | ${timePart}${stepPart} | {rate} steps/s | ETA {remaining}`,
    barCompleteChar: '\u2588',
    barIncompleteChar: '\u2591',
    stream,
    barsize: 30,
    fps: 5,
    hideCursor: false,
    gracefulExit: false, // the CLI owns SIGINT (checkpoint, exit 130)
    clearOnComplete: false,
  });
  const payload = () => {
    const s = snapshot(false);
    return {
      simTime: formatQuantity(last.time, options.units),
      stepText: String(last.step),
      rate: s.stepsPerSecond === null ? '--' : s.stepsPerSecond.toFixed(s.stepsPerSecond < 10 ? 2 : 0),
      remaining: formatDuration(s.etaSeconds),
    };
  };
  bar.start(1, 0, payload());
  const stopBeat = heartbeat(() => {
    if (!stopped) bar.update(fractionDone(last, options), payload());
  });
  return {
    update(state) {
      if (stopped) return;
      observe(state);
      bar.update(fractionDone(last, options), payload());
    },
    stop() {
      if (stopped) return;
      stopped = true;
      stopBeat();
      bar.update(fractionDone(last, options), payload());
      bar.stop();
    },
  };
}
