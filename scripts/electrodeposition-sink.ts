/**
 * Where the metal's c~ goes negative, from the float64 step (src/solver/electrodepositionReference.ts;
 * docs/electrodeposition.md "c~ in the metal"):
 *   npx tsx scripts/electrodeposition-sink.ts [t_end = 5]
 * 1. A flat front at -0.45 V in the 1D strip (the scene's parameters, 64 l0, electrode 8 l0 thick, c~ = 1,
 *    phi linear) on h = 1 and 0.5 l0 (dt = 0.005 h^2 t0): the front position int xi dx, the minimum of c~ and
 *    where, the share of the Allen-Cahn part A in the growth (int A / int dxi/dt over x and t) and the Li
 *    inventory drift, at five times up to t_end (t0), then the profile behind the front.
 * 2. The share of A in the growth of a slowly driven flat front (kinetics only, as the flat-front test: phi
 *    held at eta on both faces, D and sigma large), against the travelling-wave value 1/6: the growth is
 *    v = -L_eta B / int xi'^2 dx (docs "Flat-front speed"), the reaction part's integral -L_eta B int h' dx, and
 *    on the equilibrium profile (xi' = -sqrt 2 xi (1 - xi), internal units) int h' dx = 5 / sqrt 2 and
 *    int xi'^2 dx = sqrt 2 / 6: the reaction deposits 5/6 of the growth, A the other 1/6.
 */
import { electrodepositionInternal, type ElectrodepositionParameters } from '../src/physics/electrodeposition.ts';
import { allenCahnRate, depositionStep, lithiumInventory, type DepositionGrid, type DepositionState } from '../src/solver/electrodepositionReference.ts';
import { depositionScene as scene } from '../test/gpu/solver/electrodepositionCases.ts';

function strip(p: ElectrodepositionParameters, length: number, h: number, electrode: number, tEnd: number, report: (t: number, s: DepositionState, shareA: number, drift: number) => void): DepositionState {
  const q = electrodepositionInternal(p);
  const nx = Math.round(length / h);
  const grid: DepositionGrid = { shape: [nx, 1], lengths: [length, 1], lateral: 'noFlux' };
  const s: DepositionState = { xi: new Float64Array(nx), c: new Float64Array(nx).fill(p.electrolyteConcentration), phi: new Float64Array(nx) };
  for (let i = 0; i < nx; i++) {
    const x = (i + 0.5) * h;
    s.xi[i] = 0.5 * (1 - Math.tanh((x - electrode) / Math.SQRT2));
    s.phi[i] = q.potential.electrode + ((q.potential.electrolyte - q.potential.electrode) * x) / length;
  }
  const dt = 0.005 * h * h;
  const initial = lithiumInventory(grid, q, s);
  const steps = Math.round(tEnd / dt);
  let [inflow, grownA, grown] = [0, 0, 0];
  for (let k = 1; k <= steps; k++) {
    const a = allenCahnRate(grid, q, s.xi);
    const step = depositionStep(grid, q, s, dt);
    inflow += step.boundaryInflow;
    for (let i = 0; i < nx; i++) [grownA, grown] = [grownA + a[i], grown + step.rate[i]];
    if (k % Math.round(steps / 5) === 0) report(k * dt, s, grownA / grown, (lithiumInventory(grid, q, s) - initial - inflow) / initial);
  }
  return s;
}

const tEnd = Number(process.argv[2] ?? 5);
console.log('1. flat front at -0.45 V, 1D strip of 64 l0');
for (const h of [1, 0.5]) {
  const s = strip(scene, 64, h, 8, tEnd, (t, s, shareA, drift) => {
    let at = 0;
    s.c.forEach((v, i) => (v < s.c[at] ? (at = i) : 0));
    const front = s.xi.reduce((a, v) => a + v, 0) * h;
    console.log(`h ${h} t ${t.toFixed(2)} t0: front ${front.toFixed(3)} l0, c~ min ${s.c[at].toFixed(4)} at x ${((at + 0.5) * h).toFixed(2)} (xi ${s.xi[at].toFixed(5)}), int A / int rate ${shareA.toFixed(4)}, Li drift ${drift.toExponential(2)}`);
  });
  const f = s.xi.findIndex((v) => v < 0.5);
  for (let i = Math.max(0, f - Math.round(10 / h)); i <= f + Math.round(2 / h); i += Math.round(1 / h)) {
    console.log(`   x ${((i + 0.5) * h).toFixed(2)}: xi ${s.xi[i].toFixed(6)} c~ ${s.c[i].toFixed(4)}`);
  }
}
console.log('2. share of A in the growth of a slowly driven flat front (kinetics only), travelling-wave value 1/6 = 0.1667');
for (const eta of [-0.05, -0.1, -0.25]) {
  const p: ElectrodepositionParameters = {
    ...scene,
    anisotropy: { strength: 0, mode: 4 },
    diffusivity: { electrode: 7.5e-8, electrolyte: 7.5e-8 },
    conductivity: { electrode: 1e3, electrolyte: 1e3 },
    potential: { electrode: eta, electrolyte: eta },
  };
  let last = 0;
  strip(p, 24, 0.375, 12, 8, (_t, _s, shareA) => (last = shareA));
  console.log(`eta ${eta} V: int A / int rate ${last.toFixed(4)}`);
}
