/**
 * `spinode spacecharge`: the space-charge layer at a solid-electrolyte surface (src/physics/spaceCharge.ts),
 * no GPU. Prints the Debye length, surface field, surface charge and differential capacitance, and
 * writes the layer profile as `profile.csv` (SI units) and `profile.png` into --out.
 * docs/spacecharge.md describes the model and the options.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomicWrite.ts';
import { renderLinePlotPng } from '../io/linePlot.ts';
import {
  MAX_REDUCED_POTENTIAL,
  sampleSpaceChargeProfile,
  solveSpaceCharge,
  thermalVoltage,
  type SpaceChargeModel,
  type SpaceChargeParams,
  type SpaceChargeRow,
  type SpaceChargeSolution,
} from '../physics/spaceCharge.ts';
import { InputError } from './inputError.ts';

export const SPACECHARGE_MODELS: readonly SpaceChargeModel[] = ['single', 'gouy-chapman'];

export interface SpaceChargeOptions {
  carrierDensity?: string;
  permittivity?: string;
  temperature?: string;
  surfacePotential?: string;
  model?: string;
  saturation?: boolean;
  siteDensity?: string;
  chargeNumber?: string;
  depth?: string;
  points?: string;
  out?: string;
  quiet?: boolean;
}

function numberOption(flag: string, raw: string | undefined, fallback: number, rule: 'positive' | 'finite' | 'nonzero-integer' | 'count', what: string): number {
  if (raw === undefined) return fallback;
  const trimmed = raw.trim();
  const v = trimmed === '' ? NaN : Number(trimmed);
  const ok =
    rule === 'positive' ? Number.isFinite(v) && v > 0 :
    rule === 'finite' ? Number.isFinite(v) :
    rule === 'nonzero-integer' ? Number.isInteger(v) && v !== 0 :
    Number.isInteger(v) && v >= 2 && v <= 1_000_000;
  if (!ok) {
    const expected = rule === 'positive' ? 'a positive number' : rule === 'finite' ? 'a number' : rule === 'nonzero-integer' ? 'a non-zero integer' : 'an integer from 2 to 1000000';
    throw new InputError(`${flag}: expected ${expected} (${what}), got "${raw}"`);
  }
  return v;
}

export interface ResolvedSpaceCharge {
  params: SpaceChargeParams;
  surfacePotentialVolts: number;
  depthDebyeLengths: number;
  points: number;
  out: string;
}

/** Check the options and turn them into model parameters; every problem names its option. */
export function resolveSpaceChargeOptions(o: SpaceChargeOptions): ResolvedSpaceCharge {
  const model = (o.model ?? 'single') as SpaceChargeModel;
  if (!SPACECHARGE_MODELS.includes(model)) throw new InputError(`--model: expected one of ${SPACECHARGE_MODELS.join(', ')}, got "${o.model}"`);
  const carrierDensity = numberOption('--carrier-density', o.carrierDensity, 1e24, 'positive', 'mobile carriers per m^3');
  const relativePermittivity = numberOption('--permittivity', o.permittivity, 60, 'positive', 'relative permittivity');
  const temperatureKelvin = numberOption('--temperature', o.temperature, 298.15, 'positive', 'kelvin');
  const surfacePotentialVolts = numberOption('--surface-potential', o.surfacePotential, 0.1, 'finite', 'volts against the bulk');
  const chargeNumber = numberOption('--charge-number', o.chargeNumber, 1, 'nonzero-integer', 'signed charge of the mobile carrier');
  const depthDebyeLengths = numberOption('--depth', o.depth, 10, 'positive', 'profile depth in Debye lengths');
  const points = numberOption('--points', o.points, 401, 'count', 'profile points');
  let siteDensity: number | undefined;
  if (o.saturation) {
    if (o.siteDensity === undefined) throw new InputError('--saturation: needs --site-density (sites available to the mobile carriers, per m^3)');
    siteDensity = numberOption('--site-density', o.siteDensity, 0, 'positive', 'sites per m^3');
    const occupied = model === 'single' ? carrierDensity : 2 * carrierDensity;
    if (siteDensity <= occupied) {
      throw new InputError(`--site-density: must exceed the bulk occupation ${model === 'single' ? '--carrier-density' : '2 x --carrier-density'} = ${occupied.toExponential(3)} per m^3, got ${o.siteDensity}`);
    }
  } else if (o.siteDensity !== undefined) {
    throw new InputError('--site-density: only used with --saturation (add --saturation for the lattice-saturated model)');
  }
  const reduced = Math.abs((chargeNumber * surfacePotentialVolts) / thermalVoltage(temperatureKelvin));
  if (reduced > MAX_REDUCED_POTENTIAL) {
    throw new InputError(`--surface-potential: |z e phi0 / kT| = ${reduced.toFixed(0)} exceeds ${MAX_REDUCED_POTENTIAL} at ${temperatureKelvin} K; use a smaller potential`);
  }
  return {
    params: { model, carrierDensity, relativePermittivity, temperatureKelvin, chargeNumber, siteDensity },
    surfacePotentialVolts,
    depthDebyeLengths,
    points,
    out: o.out ?? join('runs', 'spacecharge'),
  };
}

/** Engineering notation with an SI prefix, e.g. 9.23 nm, 1.52e+8 V/m stays plain for fields. */
function withPrefix(value: number, unit: string): string {
  const prefixes: [number, string][] = [[1e-12, 'p'], [1e-9, 'n'], [1e-6, 'u'], [1e-3, 'm'], [1, '']];
  const a = Math.abs(value);
  let chosen: [number, string] = [1, ''];
  for (const p of prefixes) if (a >= p[0]) chosen = p;
  if (a === 0 || a >= 1e3) return `${value.toPrecision(4)} ${unit}`;
  return `${(value / chosen[0]).toPrecision(4)} ${chosen[1]}${unit}`;
}

export function describeModel(p: SpaceChargeParams): string {
  const kind = p.model === 'single' ? 'one mobile ion, immobile counter-charge' : 'two mobile ions (Gouy-Chapman)';
  return `${kind}, ${p.siteDensity === undefined ? 'dilute' : `lattice-saturated (site density ${p.siteDensity.toExponential(3)} m^-3)`}`;
}

export function formatSpaceChargeSummary(sol: SpaceChargeSolution): string {
  const p = sol.params;
  const vt = thermalVoltage(p.temperatureKelvin);
  const rows: [string, string][] = [
    ['model', describeModel(p)],
    ['carrier density', `${p.carrierDensity.toExponential(3)} m^-3 (z = ${p.chargeNumber ?? 1})`],
    ['permittivity', `${p.relativePermittivity} eps0, T = ${p.temperatureKelvin} K`],
    ['Debye length', withPrefix(sol.debyeLengthMeters, 'm')],
    ['surface potential', `${withPrefix(sol.surfacePotentialVolts, 'V')} (${(sol.surfacePotentialVolts / vt).toFixed(3)} kT/e)`],
    ['surface field', `${sol.surfaceField.toPrecision(4)} V/m`],
    ['surface charge', `${sol.surfaceCharge.toPrecision(4)} C/m^2 (${(sol.surfaceCharge * 100).toPrecision(4)} uC/cm^2)`],
    ['differential capacitance', `${sol.differentialCapacitance.toPrecision(4)} F/m^2 (${(sol.differentialCapacitance * 100).toPrecision(4)} uF/cm^2)`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}

export function profileCsv(rows: readonly SpaceChargeRow[]): string {
  const lines = ['x,potential,field,charge_density,concentration'];
  for (const r of rows) lines.push([r.x, r.potential, r.field, r.chargeDensity, r.concentration].map((v) => v.toPrecision(10)).join(','));
  return `${lines.join('\n')}\n`;
}

export async function spacechargeCommand(options: SpaceChargeOptions): Promise<void> {
  const resolved = resolveSpaceChargeOptions(options);
  const sol = solveSpaceCharge(resolved.params, resolved.surfacePotentialVolts);
  const depth = resolved.depthDebyeLengths * sol.debyeLengthMeters;
  const xs = Array.from({ length: resolved.points }, (_, i) => (i * depth) / (resolved.points - 1));
  const rows = sampleSpaceChargeProfile(sol, xs);
  await mkdir(resolved.out, { recursive: true });
  const csvPath = join(resolved.out, 'profile.csv');
  const pngPath = join(resolved.out, 'profile.png');
  await writeFileAtomic(csvPath, profileCsv(rows), { durable: false });
  // Potential and charge density each over their surface value: both fit one axis, whatever the sign.
  const phi0 = sol.surfacePotentialVolts || 1;
  const rho0 = rows[0].chargeDensity || 1;
  const png = await renderLinePlotPng({
    title: `${describeModel(resolved.params)}; phi(0) = ${withPrefix(sol.surfacePotentialVolts, 'V')}, lambda_D = ${withPrefix(sol.debyeLengthMeters, 'm')}`,
    x: { label: 'distance from the surface [nm]' },
    y: { label: 'relative to the surface value' },
    series: [
      { name: 'potential / phi(0)', points: rows.map((r) => [r.x * 1e9, r.potential / phi0] as const) },
      { name: 'charge density / rho(0)', points: rows.map((r) => [r.x * 1e9, r.chargeDensity / rho0] as const), dashed: true },
    ],
  });
  await writeFileAtomic(pngPath, png, { durable: false });
  if (!options.quiet) process.stdout.write(`${formatSpaceChargeSummary(sol)}\nwrote ${csvPath} and ${pngPath} (${rows.length} points to ${withPrefix(depth, 'm')})\n`);
}
