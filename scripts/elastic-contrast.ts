/**
 * The issue-18 composite-cylinder measurements with the float64 CPU twin (src/physics/lippmannSchwinger.ts):
 * a sharp pixel disc of radius a with a 1 % dilatational eigenstrain in a square periodic cell, plane
 * strain, clamped mean strain, E_m = 1, nu = 0.3, inclusion E_i = contrast. Prints the interior mean
 * sigma_xx (r < a/2), the worst pointwise deviation over r < 0.8 a, the ring-averaged hoop stress over
 * 1.15 a .. 1.35 a against the composite cylinder (src/physics/eshelby.ts), and the CG iterations to 1e-5.
 *   npx tsx scripts/elastic-contrast.ts [n=128] [a=16] [green=willot|continuous] [scheme=cg|basic] [contrasts=10,100]
 */
import { isotropicStiffness } from '../src/physics/elasticity.ts';
import { solveLippmannSchwinger, type GreenOperatorKind, type ElasticSchemeKind } from '../src/physics/lippmannSchwinger.ts';
import { compositeCylinderPlaneStrain } from '../src/physics/eshelby.ts';
import { discMeasurements } from '../src/physics/inclusionMeasures.ts';

const n = Number(process.argv[2] ?? 128);
const a = Number(process.argv[3] ?? 16);
const green = (process.argv[4] ?? 'willot') as GreenOperatorKind;
const scheme = (process.argv[5] ?? 'cg') as ElasticSchemeKind;
const contrasts = (process.argv[6] ?? '10,100').split(',').map(Number);
const eps = 0.01;
const nu = 0.3;
for (const contrast of contrasts) {
  const cells = n * n;
  const Ci = isotropicStiffness(contrast, nu);
  const Cm = isotropicStiffness(1, nu);
  const stiffness = new Float64Array(36 * cells);
  const eigenstress = new Float64Array(6 * cells);
  for (let j = 0; j < n; j++)
    for (let i = 0; i < n; i++) {
      const idx = i + n * j;
      const inside = Math.hypot(i - n / 2, j - n / 2) < a;
      stiffness.set(inside ? Ci : Cm, 36 * idx);
      if (inside) for (let p = 0; p < 3; p++) eigenstress[p * cells + idx] = (Ci[p * 6] + Ci[p * 6 + 1] + Ci[p * 6 + 2]) * eps;
    }
  const Cmax = contrast > 1 ? Ci : Cm;
  const Cmin = contrast > 1 ? Cm : Ci;
  const t0 = performance.now();
  const sol = solveLippmannSchwinger({
    shape: [n, n],
    spacing: [1, 1],
    stiffness,
    eigenstress,
    mean: { prescribed: Array(6).fill(true), strain: Array(6).fill(0), stress: Array(6).fill(0) },
    green,
    scheme,
    reference: Float64Array.from(Cmax, (v, i) => 0.5 * (v + Cmin[i])) as never,
    tolerance: 1e-5,
    maxIterations: 2000,
  });
  const ms = performance.now() - t0;
  const ref = compositeCylinderPlaneStrain({ inclusion: { youngsModulus: contrast, poissonRatio: nu }, matrix: { youngsModulus: 1, poissonRatio: nu }, eigenstrain: eps, radius: a, outerRadius: n / Math.sqrt(Math.PI) });
  const m = discMeasurements(sol.stress, [n, n], a, ref);
  console.log(
    `n=${n} a=${a} ${green}/${scheme} contrast ${contrast}: interior ${(100 * m.interiorError).toFixed(2)} %, pointwise ${(100 * m.pointwiseError).toFixed(2)} %, ring hoop ${(100 * m.hoopError).toFixed(2)} %, peak hoop ${m.peakHoopRatio.toFixed(3)}x sigma_th(a+), iterations ${sol.iterations}, ${(ms / 1000).toFixed(1)} s`,
  );
}
