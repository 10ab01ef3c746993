import { isotropicStiffness } from './src/physics/elasticity.ts';
import { solveLippmannSchwinger } from './src/physics/lippmannSchwinger.ts';
import { compositeCylinderPlaneStrain, compositeCylinderBulkModulus, compositeSphere } from './src/physics/eshelby.ts';
import { discMeasurements } from './src/physics/inclusionMeasures.ts';
const nu = 0.3;
function run(n: number, a: number, Ei: number, Em: number, eps: number, E: number, width: number, iface: 'vt' | 'kh', dims = 2) {
  const shape = Array(dims).fill(n);
  const cells = n ** dims;
  const Ci = isotropicStiffness(Ei, nu), Cm = isotropicStiffness(Em, nu);
  const stiffness = new Float64Array(36 * cells), eigenstress = new Float64Array(6 * cells);
  let frac = 0;
  const epsW = width / (2 * Math.atanh(0.8));
  for (let idx = 0; idx < cells; idx++) {
    const i = idx % n, j = Math.floor(idx / n) % n, k = Math.floor(idx / (n * n));
    const r = Math.hypot(i - n / 2, j - n / 2, dims === 3 ? k - n / 2 : 0);
    const psi = width === 0 ? (r < a ? 1 : 0) : 0.5 * (1 - Math.tanh((r - a) / epsW));
    frac += psi;
    const C = Float64Array.from(Ci, (v, q) => psi * v + (1 - psi) * Cm[q]);
    stiffness.set(C, 36 * idx);
    const M = iface === 'vt' ? Ci : C;
    for (let p = 0; p < 3; p++) eigenstress[p * cells + idx] = psi * (M[p * 6] + M[p * 6 + 1] + M[p * 6 + 2]) * eps;
  }
  frac /= cells;
  const strain = [E, E, dims === 3 ? E : 0, 0, 0, 0];
  const sol = solveLippmannSchwinger({ shape, spacing: Array(dims).fill(1), stiffness, eigenstress, mean: { prescribed: Array(6).fill(true), strain, stress: Array(6).fill(0) }, green: 'willot', scheme: 'cg', tolerance: 1e-6, maxIterations: 500 });
  return { sol, frac, cells };
}
const what = process.argv[2];
if (what === 'keff') {
  for (const n of [64, 128]) for (const c of [10, 0.1]) {
    const { sol, frac, cells } = run(n, n / 4, c, 1, 0, 0.01, 0, 'vt');
    let s = 0; for (let i = 0; i < cells; i++) s += sol.stress[i] + sol.stress[cells + i];
    const k = s / cells / (4 * 0.01);
    const ref = compositeCylinderBulkModulus({ youngsModulus: c, poissonRatio: nu }, { youngsModulus: 1, poissonRatio: nu }, frac);
    const ref2 = compositeCylinderBulkModulus({ youngsModulus: c, poissonRatio: nu }, { youngsModulus: 1, poissonRatio: nu }, Math.PI / 16);
    console.log(`keff n=${n} contrast ${c}: k ${k.toFixed(5)} vs Hashin(pixel f=${frac.toFixed(4)}) ${ref.toFixed(5)} (${(100 * (k / ref - 1)).toFixed(3)} %), vs f=pi/16 ${(100 * (k / ref2 - 1)).toFixed(3)} %, it ${sol.iterations}`);
  }
}
if (what === 'diffuse') {
  const n = Number(process.argv[3] ?? 128), a = n / 8;
  const ref = compositeCylinderPlaneStrain({ inclusion: { youngsModulus: 10, poissonRatio: nu }, matrix: { youngsModulus: 1, poissonRatio: nu }, eigenstrain: 0.01, radius: a, outerRadius: n / Math.sqrt(Math.PI) });
  const sharp = run(n, a, 10, 1, 0.01, 0, 0, 'vt');
  const ms = discMeasurements(sharp.sol.stress, [n, n], a, ref);
  console.log(`sharp: interior ${ms.interiorMean.toExponential(4)} (${(100*ms.interiorError).toFixed(2)} %), peak hoop ${ms.peakHoop.toExponential(3)} = ${ms.peakHoopRatio.toFixed(3)} x analytic sigma_th(a+) ${ref.hoopStress(a).toExponential(3)}, it ${sharp.sol.iterations}`);
  for (const w of [1, 2, 3]) for (const iface of ['vt', 'kh'] as const) {
    const d = run(n, a, 10, 1, 0.01, 0, w, iface);
    const m = discMeasurements(d.sol.stress, [n, n], a, ref);
    console.log(`tanh ${w} cells ${iface}: interior ${(100 * (m.interiorMean / ms.interiorMean - 1)).toFixed(2)} % vs sharp, peak hoop ${(m.peakHoop / ref.hoopStress(a)).toFixed(3)} x analytic, ${(m.peakHoop / ms.peakHoop).toFixed(3)} x sharp computed, ring ${(100*m.hoopError).toFixed(2)} %, it ${d.sol.iterations}`);
  }
}
if (what === 'sphere') {
  for (const [n, a] of [[32, 8], [48, 12]]) for (const c of [10]) {
    const { sol, cells } = run(n, a, c, 1, 0.01, 0, 0, 'vt', 3);
    const ref = compositeSphere({ inclusion: { youngsModulus: c, poissonRatio: nu }, matrix: { youngsModulus: 1, poissonRatio: nu }, eigenstrain: 0.01, radius: a, outerRadius: n / Math.cbrt(4 * Math.PI / 3) });
    let s = 0, cnt = 0;
    for (let idx = 0; idx < cells; idx++) { const i = idx % n, j = Math.floor(idx / n) % n, k = Math.floor(idx / (n * n)); if (Math.hypot(i - n/2, j - n/2, k - n/2) < a / 2) { s += sol.stress[idx]; cnt++; } }
    console.log(`sphere n=${n} a=${a} contrast ${c}: interior ${(s/cnt).toExponential(4)} vs ${ref.interiorStress.toExponential(4)} (${(100*((s/cnt)/ref.interiorStress-1)).toFixed(2)} %), it ${sol.iterations}`);
  }
}
