/**
 * `spinode bench --compare` input handling, in-process through main() (no GPU: every bad input is
 * rejected before a device is acquired): a missing, non-JSON or malformed baseline is exit 2 naming the
 * file and the problem; a bad threshold or suite is exit 2 naming the option.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRegressionThreshold, readBaselineReport } from '../../../src/cli/bench.ts';
import { report } from '../bench/reports.ts';
import { runCli } from './cliHarness.ts';

const root = mkdtempSync(join(tmpdir(), 'spinode-bench-compare-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(root, name);
  writeFileSync(path, text);
  return path;
}

describe('spinode bench --compare: bad input', () => {
  it.each([
    ['a missing baseline', () => join(root, 'nope.json'), /--compare .*nope\.json: cannot read the baseline \(no such file\)/],
    ['a baseline that is not JSON', () => file('broken.json', '{"format": "spinode-bench",'), /--compare .*broken\.json: not JSON/],
    ['a JSON file that is not a report', () => file('other.json', '{"steps": 3}'), /--compare .*other\.json: not a spinode bench report:\n\s+format: /],
    [
      'a report with a figure that is not positive',
      () => {
        const r = report();
        r.solver.results[0].stepsPerS = 0;
        return file('zero.json', JSON.stringify(r));
      },
      /zero\.json: not a spinode bench report:\n\s+solver\.results\.0\.stepsPerS: /,
    ],
  ])('%s: exit 2, naming the file and the problem', async (_, path, message) => {
    const r = await runCli(['bench', '--suite', 'smoke', '--compare', path()]);
    expect(r.thrown).toBeUndefined();
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('a bad threshold or suite: exit 2 naming the option', async () => {
    const good = file('good.json', JSON.stringify(report()));
    const t = await runCli(['bench', '--compare', good, '--regression-threshold', 'ten']);
    expect(t.code).toBe(2);
    expect(t.stderr).toContain('--regression-threshold: expected a percentage');
    const s = await runCli(['bench', '--suite', 'huge']);
    expect(s.code).toBe(2);
    expect(s.stderr).toContain('--suite: expected one of full, quick, smoke, got "huge"');
  });

  it('reads a valid baseline back as it was written', () => {
    const r = report();
    expect(readBaselineReport(file('ok.json', `${JSON.stringify(r, null, 2)}\n`))).toEqual(r);
  });

  it('parses the threshold as a percentage', () => {
    expect(parseRegressionThreshold(undefined)).toBe(0.1);
    expect(parseRegressionThreshold('10')).toBe(0.1);
    expect(parseRegressionThreshold('25%')).toBe(0.25);
    expect(parseRegressionThreshold('2.5')).toBeCloseTo(0.025, 15);
    expect(parseRegressionThreshold('0')).toBe(0);
    for (const bad of ['', '-5', '100', 'abc', '1e1']) expect(() => parseRegressionThreshold(bad), bad).toThrow(/--regression-threshold/);
  });
});
