/**
 * The space-charge layer in the fields against the 1D calculator (docs/boundaries.md, "Poisson-Boltzmann
 * in the fields"; issue #20):
 *   npx tsx scripts/space-charge-llzo.ts              the float64 twin of the field solver at 4 .. 32 cells
 *                                                     per Debye length: surface field, layer charge, decay
 *                                                     length and profile against `spinode spacecharge`
 *   npx tsx scripts/space-charge-llzo.ts --run DIR    the same measures of phi in DIR/fields/00000000.vti,
 *                                                     written by `spinode run space-charge-llzo --out DIR`
 * The scene is `spinode spacecharge`'s default layer (1e24 m^-3, eps_r 60, 298.15 K, +0.1 V), 16 Debye
 * lengths deep at 24 cells per Debye length and 16 cells across.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseVti } from '../src/io/vti.ts';
import { spaceChargeLayer, type SpaceChargeLayerMeasure } from '../src/solver/spaceChargeField.ts';
import { solveFieldPoisson } from '../src/solver/fieldPoissonReference.ts';

const setup = { carrierDensity: 1e24, relativePermittivity: 60, temperatureKelvin: 298.15, surfacePotential: 0.1, depth: 16 };

function row(label: string, m: SpaceChargeLayerMeasure, reference: { surfaceField: number; surfaceCharge: number }): string {
  const rel = (a: number, b: number) => (a / b - 1).toExponential(2);
  return `| ${label} | ${m.surfaceField.toPrecision(7)} | ${rel(m.surfaceField, reference.surfaceField)} | ${rel(m.layerCharge, -reference.surfaceCharge)} | ${rel(m.decayLength, m.referenceDecayLength)} | ${m.profileError.toExponential(2)} |`;
}

const header = '| cells per lambda_D | E(0) [V/m] | E(0) rel. error | layer charge rel. error | decay length (3-6 lambda_D) rel. error | max profile error / phi0 |\n|---|---|---|---|---|---|';
const runAt = process.argv.indexOf('--run');
if (runAt >= 0) {
  const dir = process.argv[runAt + 1];
  const layer = spaceChargeLayer({ ...setup, cellsPerDebyeLength: 24, transverseCells: 16 });
  const vti = parseVti(readFileSync(join(dir, 'fields', '00000000.vti')));
  const phi = vti.arrays.get('phi');
  if (!phi) throw new Error(`${dir}: the first frame has no phi`);
  console.log(`1D calculator: lambda_D = ${layer.reference.debyeLengthMeters.toPrecision(7)} m, E(0) = ${layer.reference.surfaceField.toPrecision(7)} V/m, sigma = ${layer.reference.surfaceCharge.toPrecision(7)} C/m^2`);
  console.log(header);
  console.log(row('24 (GPU run, frame 0)', layer.measure(phi), layer.reference));
} else {
  console.log(header);
  for (const per of [4, 8, 16, 24, 32]) {
    const layer = spaceChargeLayer({ ...setup, cellsPerDebyeLength: per, transverseCells: 2 });
    const o = layer.options;
    const phi = solveFieldPoisson({ box: layer.box, permittivity: new Float64Array(layer.fixedCharge.length).fill(o.permittivity as number), fixedCharge: layer.fixedCharge, mobileIon: o.mobileIon, faces: o.faces });
    console.log(row(`${per} (float64)`, layer.measure(phi), layer.reference));
  }
}
