/**
 * The numbers of docs/electrodeposition.md from the float64 step (src/solver/electrodepositionReference.ts):
 *   npx tsx scripts/electrodeposition.ts front     the flat-front speed against -6 L_eta B sqrt(kappa0 / 2W), three grids
 *   npx tsx scripts/electrodeposition.ts nucleus [phi_app V] [t_end, internal] [nx] [ny]
 *                                                  a nucleus on a flat electrode: tip_x, interface length per width,
 *                                                  deposited Li and current density against time (CSV on stdout)
 */
import { electrodepositionInternal, flatFrontSpeed, type ElectrodepositionParameters } from '../src/physics/electrodeposition.ts';
import { FARADAY } from '../src/physics/constants.ts';
import { depositionStep, type DepositionGrid, type DepositionState } from '../src/solver/electrodepositionReference.ts';

// Hong & Viswanathan 2018 (MOOSE inputs in µm and s; W = 2.4e5 J/m^3 fixes the energy unit), the electrolyte
const scene: ElectrodepositionParameters = {
  interfaceMobility: 6.25e-5,
  reactionConstant: 1e-3,
  gradientCoefficient: 3e-8,
  barrierHeight: 2.4e5,
  anisotropy: { strength: 0.05, mode: 4 },
  diffusivity: { electrode: 7.5e-13, electrolyte: 7.5e-10 },
  conductivity: { electrode: 1.19e3, electrolyte: 1.19 },
  siteDensity: 7.64e4,
  bulkConcentration: 1e3,
  transferCoefficient: 0.5,
  electrons: 1,
  temperature: 298,
  potential: { electrode: -0.45, electrolyte: 0 },
  electrolyteConcentration: 1,
};

function front(): void {
  console.log('| eta [V] | v expected [µm/s] | h = 0.5 l0 | h = 0.375 l0 | h = 0.25 l0 |');
  console.log('|---|---|---|---|---|');
  for (const eta of [-0.25, -0.2, -0.15, -0.1, -0.05, 0.05, 0.1, 0.15, 0.2, 0.25]) {
    const p: ElectrodepositionParameters = {
      ...scene,
      anisotropy: { strength: 0, mode: 4 },
      diffusivity: { electrode: 7.5e-8, electrolyte: 7.5e-8 },
      conductivity: { electrode: 1e3, electrolyte: 1e3 },
      potential: { electrode: eta, electrolyte: eta },
    };
    const q = electrodepositionInternal(p);
    const expected = flatFrontSpeed(p, eta, 1);
    const errors = [48, 64, 96].map((nx) => {
      const length = 24;
      const h = length / nx;
      const grid: DepositionGrid = { shape: [nx, 1], lengths: [length, 1], lateral: 'noFlux' };
      const state: DepositionState = {
        xi: Float64Array.from({ length: nx }, (_, i) => 0.5 * (1 - Math.tanh(((i + 0.5) * h - length / 2) / Math.SQRT2))),
        c: new Float64Array(nx).fill(1),
        phi: new Float64Array(nx).fill(q.potential.electrode),
      };
      const dt = 0.4 * h * h;
      const position = () => state.xi.reduce((s, v) => s + v, 0) * h;
      let t = 0;
      while (t < 4) t += (depositionStep(grid, q, state, dt), dt);
      const [x0, t0] = [position(), t];
      while (t < 20) t += (depositionStep(grid, q, state, dt), dt);
      const v = ((position() - x0) / (t - t0)) * (q.scales.length / q.scales.time);
      return `${(100 * (v / expected - 1)).toFixed(2)} %`;
    });
    console.log(`| ${eta} | ${(expected * 1e6).toPrecision(4)} | ${errors.join(' | ')} |`);
  }
}

function nucleus(phiApp: number, tEnd: number, nx: number, ny: number): void {
  const p = { ...scene, potential: { electrode: phiApp, electrolyte: 0 } };
  const q = electrodepositionInternal(p);
  const grid: DepositionGrid = { shape: [nx, ny], lengths: [nx, ny], lateral: 'noFlux' };
  const cells = nx * ny;
  const state: DepositionState = { xi: new Float64Array(cells), c: new Float64Array(cells).fill(1), phi: new Float64Array(cells) };
  for (let iy = 0; iy < ny; iy++) {
    for (let ix = 0; ix < nx; ix++) {
      const [x, y] = [ix + 0.5, iy + 0.5];
      const d = Math.min(x - 8, Math.hypot(x - 8, y) - 4);
      state.xi[iy * nx + ix] = 0.5 * (1 - Math.tanh(d / Math.SQRT2));
      state.phi[iy * nx + ix] = q.potential.electrode * (1 - x / nx);
    }
  }
  const l0 = q.scales.length;
  const t0 = q.scales.time;
  const metal0 = state.xi.reduce((s, v) => s + v, 0);
  console.log('time_s,tip_x_um,interface_length_per_width,deposited_li_mol_per_m2,current_density_A_per_m2,c_min_electrolyte,c_min_metal');
  const dt = 0.005;
  let t = 0;
  let next = 0;
  while (t <= tEnd + 1e-9) {
    const result = depositionStep(grid, q, state, dt);
    t += dt;
    if (t + 1e-9 < next) continue;
    next += tEnd / 20;
    // tip: the largest x where xi crosses 1/2 (linear between cells), over all rows
    let tip = 0;
    let length = 0;
    let [cElectrolyte, cMetal] = [Infinity, Infinity];
    for (let iy = 0; iy < ny; iy++) {
      for (let ix = 0; ix < nx; ix++) {
        const i = iy * nx + ix;
        const a = state.xi[i];
        if (ix + 1 < nx && a >= 0.5 && state.xi[i + 1] < 0.5) tip = Math.max(tip, ix + 0.5 + (a - 0.5) / (a - state.xi[i + 1]));
        // |grad xi| by central differences (one-sided at the walls): int |grad xi| dA is the interface length
        const gx = (state.xi[Math.min(i + 1, iy * nx + nx - 1)] - state.xi[Math.max(i - 1, iy * nx)]) / (ix === 0 || ix === nx - 1 ? 1 : 2);
        const gy = (state.xi[Math.min(iy + 1, ny - 1) * nx + ix] - state.xi[Math.max(iy - 1, 0) * nx + ix]) / (iy === 0 || iy === ny - 1 ? 1 : 2);
        length += Math.hypot(gx, gy);
        if (a < 0.5) cElectrolyte = Math.min(cElectrolyte, state.c[i]);
        else cMetal = Math.min(cMetal, state.c[i]);
      }
    }
    const metal = state.xi.reduce((s, v) => s + v, 0);
    const rate = result.rate.reduce((s, v) => s + v, 0);
    const deposited = ((metal - metal0) * l0 * l0 * p.siteDensity) / (ny * l0);
    const current = (p.electrons * FARADAY * p.siteDensity * rate * l0 * l0) / t0 / (ny * l0);
    console.log([t * t0, tip * l0 * 1e6, length / ny, deposited, current, cElectrolyte, cMetal].map((v) => v.toPrecision(5)).join(','));
  }
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'front') front();
else if (mode === 'nucleus') nucleus(Number(args[0] ?? -0.45), Number(args[1] ?? 2), Number(args[2] ?? 48), Number(args[3] ?? 24));
else console.error('usage: npx tsx scripts/electrodeposition.ts front | nucleus [phi_app] [t_end] [nx] [ny]');
