/**
 * `spinode microstructure`: metrics of a three-phase composite electrode (src/physics/microstructure.ts):
 * volume fractions, triple-phase-boundary length, active/electrolyte interface area, percolation of
 * each phase along each axis, and the reaction sites of a poor vs a mixed electronic conductor. The
 * microstructure is generated (seeded sphere packing) or loaded from the raw format (uint8 voxels plus
 * a JSON header, docs/spacecharge.md); --save writes the generated one in that format. No GPU.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  generatePackedMicrostructure,
  microstructureFromRaw,
  microstructureReport,
  parseRawVoxelHeader,
  PHASE_ACTIVE,
  PHASE_CARBON,
  PHASE_ELECTROLYTE,
  type Microstructure,
  type RawVoxelHeader,
} from '../physics/microstructure.ts';
import { writeFileAtomic } from '../io/atomicWrite.ts';
import { InputError } from './inputError.ts';

export interface MicrostructureOptions {
  load?: string;
  header?: string;
  shape?: string;
  voxelSize?: string;
  fractions?: string;
  radii?: string;
  seed?: string;
  fill?: string;
  tpbWidth?: string;
  save?: string;
  json?: string;
}

function numberList(flag: string, raw: string | undefined, fallback: number[], count: number, integer: boolean, allowZero = false): number[] {
  if (raw === undefined) return fallback;
  const values = raw.split(',').map((s) => (s.trim() === '' ? NaN : Number(s)));
  const ok = values.length === count && values.every((v) => Number.isFinite(v) && (allowZero ? v >= 0 : v > 0) && (!integer || Number.isInteger(v)));
  if (!ok) throw new InputError(`${flag}: expected ${count} comma-separated ${integer ? 'positive integers' : allowZero ? 'non-negative numbers' : 'positive numbers'}, got "${raw}"`);
  return values;
}

function positiveNumber(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const v = raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(v) || v <= 0) throw new InputError(`${flag}: expected a positive number, got "${raw}"`);
  return v;
}

async function loadMicrostructure(o: MicrostructureOptions): Promise<Microstructure> {
  const headerPath = o.header ?? o.load!.replace(/\.raw$/i, '') + '.json';
  let header: RawVoxelHeader;
  try {
    header = parseRawVoxelHeader(JSON.parse(await readFile(headerPath, 'utf8')));
  } catch (e) {
    throw new InputError(`--header: ${headerPath}: ${(e as Error).message}`);
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(o.load!));
  } catch (e) {
    throw new InputError(`--load: ${(e as Error).message}`);
  }
  try {
    return microstructureFromRaw(bytes, header);
  } catch (e) {
    throw new InputError(`--load: ${(e as Error).message}`);
  }
}

export async function buildMicrostructure(o: MicrostructureOptions): Promise<Microstructure> {
  if (o.load !== undefined) {
    for (const [flag, v] of [['--shape', o.shape], ['--fractions', o.fractions], ['--radii', o.radii], ['--seed', o.seed], ['--fill', o.fill]] as const) {
      if (v !== undefined) throw new InputError(`${flag}: only for a generated microstructure, not with --load`);
    }
    return loadMicrostructure(o);
  }
  if (o.header !== undefined) throw new InputError('--header: only with --load');
  const shape = numberList('--shape', o.shape, [64, 64, 64], 3, true) as [number, number, number];
  if (shape[0] * shape[1] * shape[2] > 512 ** 3) throw new InputError(`--shape: at most 512^3 voxels, got ${shape.join('x')}`);
  const voxelSize = positiveNumber('--voxel-size', o.voxelSize, 5e-8);
  const [active, electrolyte, carbon] = numberList('--fractions', o.fractions, [0.4, 0.35, 0.1], 3, false, true);
  if (active + electrolyte + carbon > 1 + 1e-9) throw new InputError(`--fractions: active + electrolyte + carbon = ${active + electrolyte + carbon} exceeds 1`);
  const [ra, re, rc] = numberList('--radii', o.radii, [6, 4, 2], 3, false);
  const seedValue = o.seed === undefined ? 1 : Number(o.seed);
  if (!Number.isInteger(seedValue) || seedValue < 0) throw new InputError(`--seed: expected a non-negative integer, got "${o.seed}"`);
  if (o.fill !== undefined && !['active', 'electrolyte', 'carbon'].includes(o.fill)) throw new InputError(`--fill: expected active, electrolyte or carbon, got "${o.fill}"`);
  return generatePackedMicrostructure({
    shape,
    voxelSize,
    fractions: { active, electrolyte, carbon },
    radii: { active: ra, electrolyte: re, carbon: rc },
    seed: seedValue,
    fill: o.fill as 'active' | 'electrolyte' | 'carbon' | undefined,
  });
}

export async function microstructureCommand(o: MicrostructureOptions): Promise<void> {
  const tpbWidth = o.tpbWidth === undefined ? undefined : positiveNumber('--tpb-width', o.tpbWidth, 0);
  const m = await buildMicrostructure(o);
  const report = microstructureReport(m, tpbWidth) as {
    volumeFractions: Record<string, number>;
    tpbLengthPerVolume: number;
    activeElectrolyteAreaPerVolume: number;
    percolation: Record<string, Record<string, { percolates: boolean; percolatingFraction: number }>>;
    reactionSites: Record<'poor' | 'mixed', { reactiveAreaPerVolume: number; reactiveActiveFraction: number }>;
  };
  const f = report.volumeFractions;
  const pct = (v: number) => `${(100 * v).toFixed(1)} %`;
  const lines = [
    `grid                      ${m.shape.join(' x ')} voxels of ${(m.voxelSize * 1e9).toPrecision(3)} nm`,
    `volume fractions          active ${pct(f.active)}, electrolyte ${pct(f.electrolyte)}, carbon ${pct(f.carbon)}, pore ${pct(f.pore)}`,
    `TPB length                ${(report.tpbLengthPerVolume * 1e-12).toPrecision(4)} um/um^3 (edge count)`,
    `active/electrolyte area   ${(report.activeElectrolyteAreaPerVolume * 1e-6).toPrecision(4)} um^2/um^3 (face count)`,
    ...(['active', 'electrolyte', 'carbon'] as const).map(
      (p) => `${`percolates (${p})`.padEnd(26)}${['x', 'y', 'z'].map((a) => `${a} ${report.percolation[p][a].percolates ? 'yes' : 'no'} (${pct(report.percolation[p][a].percolatingFraction)})`).join(', ')}`,
    ),
    `reactive area, poor       ${(report.reactionSites.poor.reactiveAreaPerVolume * 1e-6).toPrecision(4)} um^2/um^3 (TPB x ${((tpbWidth ?? m.voxelSize) * 1e9).toPrecision(3)} nm band), ${pct(report.reactionSites.poor.reactiveActiveFraction)} of active voxels`,
    `reactive area, mixed      ${(report.reactionSites.mixed.reactiveAreaPerVolume * 1e-6).toPrecision(4)} um^2/um^3 (whole interface), ${pct(report.reactionSites.mixed.reactiveActiveFraction)} of active voxels`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (o.save !== undefined) {
    await mkdir(o.save, { recursive: true });
    const header: RawVoxelHeader = { shape: [m.shape[0], m.shape[1], m.shape[2]], voxelSize: m.voxelSize, labels: { active: PHASE_ACTIVE, electrolyte: PHASE_ELECTROLYTE, carbon: PHASE_CARBON, pore: 0 } };
    await writeFileAtomic(join(o.save, 'microstructure.raw'), m.phases, { durable: false });
    await writeFileAtomic(join(o.save, 'microstructure.json'), `${JSON.stringify(header, null, 2)}\n`, { durable: false });
    process.stdout.write(`wrote ${join(o.save, 'microstructure.raw')} and microstructure.json\n`);
  }
  if (o.json !== undefined) await writeFileAtomic(o.json, `${JSON.stringify(report, null, 2)}\n`, { durable: false });
}
