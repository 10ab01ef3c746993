import { isotropicStiffness } from './src/physics/elasticity.ts';
import { solveLippmannSchwinger } from './src/physics/lippmannSchwinger.ts';
import { compositeCylinderPlaneStrain } from './src/physics/eshelby.ts';
import { discMeasurements } from './src/physics/inclusionMeasures.ts';
const W = [1, 1, 1, 2, 2, 2];
const nu = 0.3;
// tensor <-> matrix helpers
const sym = (a: number[], n: number[]) => [a[0] * n[0], a[1] * n[1], a[2] * n[2], 0.5 * (a[1] * n[2] + a[2] * n[1]), 0.5 * (a[0] * n[2] + a[2] * n[0]), 0.5 * (a[0] * n[1] + a[1] * n[0])];
const apply = (C: Float64Array, e: number[]) => Array.from({ length: 6 }, (_, r) => { let s = 0; for (let q = 0; q < 6; q++) s += C[r * 6 + q] * W[q] * e[q]; return s; });
const traction = (s: number[], n: number[]) => [s[0] * n[0] + s[5] * n[1] + s[4] * n[2], s[5] * n[0] + s[1] * n[1] + s[3] * n[2], s[4] * n[0] + s[3] * n[1] + s[2] * n[2]];
function inv3(a: number[]) { const [a0,a1,a2,a3,a4,a5,a6,a7,a8]=a; const c0=a4*a8-a5*a7,c1=a5*a6-a3*a8,c2=a3*a7-a4*a6; const d=a0*c0+a1*c1+a2*c2; return [c0,a2*a7-a1*a8,a1*a5-a2*a4,c1,a0*a8-a2*a6,a2*a3-a0*a5,c2,a1*a6-a0*a7,a0*a4-a1*a3].map(v=>v/d); }
function laminateStress(Cp: Float64Array, Cm: Float64Array, psi: number, n: number[], eps: number[], star: number[]) {
  const CV = Cp.map((v, i) => psi * v + (1 - psi) * Cm[i]);
  const sV = apply(CV as Float64Array, eps).map((v, p) => v - psi * apply(Cp, star)[p]);
  if (psi <= 0 || psi >= 1 || Math.hypot(...n) === 0) return sV;
  const Ch = Cp.map((v, i) => (1 - psi) * v + psi * Cm[i]) as Float64Array;
  const K = Array(9).fill(0);
  for (let k = 0; k < 3; k++) { const u = [0, 0, 0]; u[k] = 1; const t = traction(apply(Ch, sym(u, n)), n); for (let i = 0; i < 3; i++) K[i * 3 + k] = t[i]; }
  const dC = Cp.map((v, i) => v - Cm[i]) as Float64Array;
  const rhs = traction(apply(Cp, star), n).map((v, i) => v - traction(apply(dC, eps), n)[i]);
  const Ki = inv3(K);
  const a = [0, 1, 2].map((i) => Ki[i * 3] * rhs[0] + Ki[i * 3 + 1] * rhs[1] + Ki[i * 3 + 2] * rhs[2]);
  const extra = apply(dC, sym(a, n));
  return sV.map((v, p) => v + psi * (1 - psi) * extra[p]);
}
const n = Number(process.argv[2] ?? 128), a = n / 8, contrast = Number(process.argv[3] ?? 10);
const Ci = isotropicStiffness(contrast, nu), Cm = isotropicStiffness(1, nu);
const ref = compositeCylinderPlaneStrain({ inclusion: { youngsModulus: contrast, poissonRatio: nu }, matrix: { youngsModulus: 1, poissonRatio: nu }, eigenstrain: 0.01, radius: a, outerRadius: n / Math.sqrt(Math.PI) });
let sharpMean = 0;
for (const width of [0, 1, 2, 3]) {
  const cells = n * n;
  const epsW = width / (2 * Math.atanh(0.8));
  const psiAt = (i: number, j: number) => { const r = Math.hypot(i - n / 2, j - n / 2); return width === 0 ? (r < a ? 1 : 0) : 0.5 * (1 - Math.tanh((r - a) / epsW)); };
  const stiffness = new Float64Array(36 * cells), eigenstress = new Float64Array(6 * cells);
  const star = [0.01, 0.01, 0.01, 0, 0, 0];
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) {
    const idx = i + n * j; const psi = psiAt(i, j);
    const gx = (psiAt((i + 1) % n, j) - psiAt((i + n - 1) % n, j)) / 2, gy = (psiAt(i, (j + 1) % n) - psiAt(i, (j + n - 1) % n)) / 2;
    const g = Math.hypot(gx, gy); const nrm = g > 0 ? [gx / g, gy / g, 0] : [0, 0, 0];
    // linear map: columns from unit strains (tensor components)
    for (let q = 0; q < 6; q++) { const e = Array(6).fill(0); e[q] = 1 / W[q]; const s = laminateStress(Ci, Cm, psi, nrm, e, [0,0,0,0,0,0]); for (let p = 0; p < 6; p++) stiffness[36 * idx + p * 6 + q] = s[p]; }
    const t = laminateStress(Ci, Cm, psi, nrm, [0, 0, 0, 0, 0, 0], star);
    for (let p = 0; p < 6; p++) eigenstress[p * cells + idx] = -t[p];
  }
  const sol = solveLippmannSchwinger({ shape: [n, n], spacing: [1, 1], stiffness, eigenstress, mean: { prescribed: Array(6).fill(true), strain: Array(6).fill(0), stress: Array(6).fill(0) }, green: 'willot', scheme: 'cg', tolerance: 1e-6, maxIterations: 500 });
  const m = discMeasurements(sol.stress, [n, n], a, ref);
  if (width === 0) sharpMean = m.interiorMean;
  console.log(`laminate tanh ${width}: interior ${(100 * (m.interiorMean / sharpMean - 1)).toFixed(2)} % vs sharp (${(100*m.interiorError).toFixed(2)} % vs analytic), peak hoop ${(m.peakHoop / ref.hoopStress(a)).toFixed(3)} x, ring ${(100 * m.hoopError).toFixed(2)} %, it ${sol.iterations}`);
}
