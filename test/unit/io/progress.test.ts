import { Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { createProgress } from '../../../src/io/progress.ts';
import { ProgressEstimate, formatDuration, formatQuantity } from '../../../src/io/progressEstimate.ts';

function collector(isTTY: boolean): { stream: Writable & { isTTY?: boolean; columns?: number }; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  }) as Writable & { isTTY?: boolean; columns?: number };
  if (isTTY) {
    stream.isTTY = true;
    stream.columns = 160;
  }
  return { stream, text: () => chunks.join('') };
}

describe('ProgressEstimate', () => {
  it('gives steps/s and time remaining from the samples', () => {
    const e = new ProgressEstimate();
    expect(e.stepsPerSecond()).toBeNull();
    expect(e.etaSeconds()).toBeNull();
    e.push({ wallMs: 0, step: 0, fraction: 0 });
    e.push({ wallMs: 1000, step: 100, fraction: 0.1 });
    e.push({ wallMs: 2000, step: 200, fraction: 0.2 });
    expect(e.stepsPerSecond()).toBeCloseTo(100, 12);
    expect(e.etaSeconds()).toBeCloseTo(8, 12);
  });

  it('follows the recent rate, not the whole-run average', () => {
    const e = new ProgressEstimate(2000);
    e.push({ wallMs: 0, step: 0, fraction: 0 });
    e.push({ wallMs: 10_000, step: 10, fraction: 0.01 }); // slow start
    e.push({ wallMs: 11_000, step: 1010, fraction: 0.11 });
    e.push({ wallMs: 12_000, step: 2010, fraction: 0.21 });
    e.push({ wallMs: 13_000, step: 3010, fraction: 0.31 });
    expect(e.stepsPerSecond()).toBeCloseTo(1000, 9);
    expect(e.etaSeconds()).toBeCloseTo(6.9, 9);
    expect(() => e.push({ wallMs: 1, step: 0, fraction: 0 })).toThrow('wall-clock order');
  });

  it('says "unknown" for a stalled run and 0 when done', () => {
    const e = new ProgressEstimate();
    e.push({ wallMs: 0, step: 5, fraction: 0.5 });
    e.push({ wallMs: 1000, step: 5, fraction: 0.5 });
    expect(e.etaSeconds()).toBeNull();
    e.push({ wallMs: 2000, step: 9, fraction: 1 });
    expect(e.etaSeconds()).toBe(0);
  });

  it('formats durations and quantities compactly', () => {
    expect([formatDuration(null), formatDuration(42.4), formatDuration(725), formatDuration(11_220)]).toEqual(['--', '42s', '12m05s', '3h07m']);
    expect(formatQuantity(0.0125, 's')).toBe('0.0125 s');
    expect(formatQuantity(3.2e-9, 's')).toBe('3.2e-9 s');
    expect(formatQuantity(150, '')).toBe('150');
    expect(formatQuantity(12345.6, '')).toBe('12350');
    expect(formatQuantity(0, 's')).toBe('0 s');
  });
});

describe('createProgress without a terminal', () => {
  it('writes one JSON line per interval and a final one at stop', () => {
    let clock = 0;
    const out = collector(false);
    const p = createProgress({ tEnd: 100, units: 's', isTTY: false, stream: out.stream, intervalSeconds: 10, now: () => clock });
    p.update({ step: 0, time: 0 }); // first line at once
    clock = 5000;
    p.update({ step: 500, time: 5 }); // within the interval: no line
    clock = 10_000;
    p.update({ step: 1000, time: 10 });
    clock = 20_000;
    p.stop();
    p.update({ step: 9999, time: 99 }); // ignored after stop
    p.stop();
    const lines = out.text().trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.length).toBe(3);
    expect(lines.map((l) => l.step)).toEqual([0, 1000, 1000]);
    expect(lines.map((l) => l.final)).toEqual([false, false, true]);
    expect(lines[1]).toMatchObject({ type: 'progress', time: 10, tEnd: 100, units: 's', fraction: 0.1, stepsPerSecond: 100, elapsedSeconds: 10 });
    expect(lines[1].etaSeconds).toBeCloseTo(90, 9);
    expect(lines[2].elapsedSeconds).toBe(20);
  });

  it('repeats the last state at least every interval while a slow chunk has not come back', () => {
    vi.useFakeTimers();
    try {
      const out = collector(false);
      const p = createProgress({ tEnd: 100, units: 's', isTTY: false, stream: out.stream, intervalSeconds: 10, now: () => Date.now() });
      p.update({ step: 40, time: 4 });
      vi.advanceTimersByTime(35_000); // no update for 35 s
      const lines = out.text().trim().split('\n').map((l) => JSON.parse(l));
      // the line at the update, then one at least every 10 s
      expect(lines.length).toBeGreaterThanOrEqual(4);
      for (let i = 1; i < lines.length; i++) expect(lines[i].elapsedSeconds - lines[i - 1].elapsedSeconds).toBeLessThanOrEqual(10);
      expect(lines[lines.length - 1]).toMatchObject({ step: 40, final: false });
      expect(lines[lines.length - 1].sinceLastStepSeconds).toBeGreaterThanOrEqual(30);
      p.stop();
      const count = out.text().trim().split('\n').length;
      vi.advanceTimersByTime(30_000); // stopped: the heartbeat is gone
      expect(out.text().trim().split('\n').length).toBe(count);
    } finally {
      vi.useRealTimers();
    }
  });

  it('measures progress by steps for --steps runs, whichever end comes first', () => {
    const out = collector(false);
    let clock = 0;
    const p = createProgress({ tEnd: 100, stepEnd: 2000, units: '', isTTY: false, stream: out.stream, now: () => clock });
    clock = 1000;
    p.update({ step: 1000, time: 1 });
    p.stop();
    const last = JSON.parse(out.text().trim().split('\n').pop()!);
    expect(last.fraction).toBe(0.5);
    expect(last.stepEnd).toBe(2000);
    expect(() => createProgress({ units: 's', isTTY: false })).toThrow('tEnd or stepEnd');
  });
});

describe('createProgress on a terminal', () => {
  it('draws a bar with simulated time and units, step, steps/s and time remaining', () => {
    let clock = 0;
    const out = collector(true);
    const p = createProgress({ tEnd: 2e-3, units: 's', isTTY: true, stream: out.stream, now: () => clock });
    p.update({ step: 0, time: 0 });
    clock = 2000;
    p.update({ step: 400, time: 5e-4 });
    p.stop();
    // eslint-disable-next-line no-control-regex
    const screen = out.text().replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b[78]/g, '\n');
    const lastFrame = screen.trim().split(/\r|\n/).filter(Boolean).pop()!;
    expect(lastFrame).toContain('25% | t 5e-4 s / 0.002 s | step 400 | 200 steps/s | ETA 6s');
    expect(lastFrame).toMatch(/^[█░]{30} /);
  });
});
