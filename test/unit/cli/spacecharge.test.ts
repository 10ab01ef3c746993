/**
 * `spinode spacecharge`: the profile files, the printed numbers with units, and exit code 2 with the
 * option named for bad input. In-process through main() (cliHarness), plus one run of the real binary.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { debyeLength, solveSpaceCharge } from '../../../src/physics/spaceCharge.ts';
import { runCli } from './cliHarness.ts';

const root = mkdtempSync(join(tmpdir(), 'spinode-spacecharge-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function readCsv(path: string): { header: string; rows: number[][] } {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  return { header, rows: lines.map((l) => l.split(',').map(Number)) };
}

describe('spinode spacecharge', () => {
  it('writes profile.csv (SI, surface first) and profile.png, prints the layer numbers with units', async () => {
    const out = join(root, 'llzo');
    const r = await runCli(['spacecharge', '--carrier-density', '1e24', '--permittivity', '60', '--temperature', '298.15', '--surface-potential', '-0.1', '--out', out, '--points', '101']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const params = { model: 'single' as const, carrierDensity: 1e24, relativePermittivity: 60, temperatureKelvin: 298.15, chargeNumber: 1 };
    const sol = solveSpaceCharge(params, -0.1);
    expect(r.stdout).toMatch(/Debye length\s+9\.230 nm/);
    expect(r.stdout).toMatch(/surface field\s+\S+ V\/m/);
    expect(r.stdout).toContain(`${sol.surfaceCharge.toPrecision(4)} C/m^2`);
    expect(r.stdout).toContain(`${sol.differentialCapacitance.toPrecision(4)} F/m^2`);
    const { header, rows } = readCsv(join(out, 'profile.csv'));
    expect(header).toBe('x,potential,field,charge_density,concentration');
    expect(rows).toHaveLength(101);
    expect(rows[0][0]).toBe(0);
    expect(rows[0][1]).toBeCloseTo(-0.1, 9);
    expect(rows[0][2] / sol.surfaceField).toBeCloseTo(1, 8);
    expect(rows[100][0] / (10 * debyeLength(params))).toBeCloseTo(1, 8);
    expect(rows[0][4]).toBeGreaterThan(1e24); // accumulation at a negative surface potential
    const png = readFileSync(join(out, 'profile.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('Gouy-Chapman with lattice saturation runs', async () => {
    const out = join(root, 'gc');
    const r = await runCli(['spacecharge', '--model', 'gouy-chapman', '--saturation', '--site-density', '1e26', '--surface-potential', '0.3', '--out', out, '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(existsSync(join(out, 'profile.csv'))).toBe(true);
  });

  const bad: [string[], RegExp][] = [
    [['--carrier-density', 'lots'], /--carrier-density: expected a positive number/],
    [['--permittivity', '-3'], /--permittivity/],
    [['--temperature', '0'], /--temperature/],
    [['--surface-potential', 'x'], /--surface-potential/],
    [['--surface-potential', '20'], /--surface-potential: .*exceeds/],
    [['--model', 'tri'], /--model: expected one of single, gouy-chapman/],
    [['--saturation'], /--saturation: needs --site-density/],
    [['--saturation', '--site-density', '1e23'], /--site-density: must exceed/],
    [['--site-density', '1e28'], /--site-density: only used with --saturation/],
    [['--charge-number', '1.5'], /--charge-number/],
    [['--points', '1'], /--points/],
  ];
  for (const [args, message] of bad) {
    it(`bad input ${args.join(' ')}: exit 2 naming the option`, async () => {
      const r = await runCli(['spacecharge', ...args, '--out', join(root, 'bad')]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    });
  }

  it('the real binary: ./bin/spinode spacecharge exits 0 and writes the profile; bad input exits 2', () => {
    const out = join(root, 'bin');
    const ok = spawnSync(resolve('bin/spinode'), ['spacecharge', '--out', out, '--model', 'gouy-chapman'], { encoding: 'utf8', timeout: 60_000 });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/Debye length/);
    expect(readCsv(join(out, 'profile.csv')).rows.length).toBe(401);
    const fail = spawnSync(resolve('bin/spinode'), ['spacecharge', '--permittivity', 'none', '--out', out], { encoding: 'utf8', timeout: 60_000 });
    expect(fail.status).toBe(2);
    expect(fail.stderr).toMatch(/--permittivity/);
  }, 60_000);
});
