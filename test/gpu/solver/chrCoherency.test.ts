/**
 * Coherency strain in the CHR particle (homogeneous modulus, Cogswell-Bazant LiFePO4 misfit): the
 * eigenstrain of a free particle, eps00 psi (c - cbar), on the GPU against the float64 twin
 * (src/solver/chrChemicalPotential.ts), the stress-free uniform particle, the exact inserted charge with
 * strain on, and the phase-separating discharge it enables (issue #6: "a 2D LiFePO4 particle (CHR) with
 * elasticity").
 *
 * Tolerances: mu through three float32 FFTs of a 40^2 grid, the B(n) table (2e-5 of B, elasticity.test.ts)
 * and f'(c) in float32: compared to 1e-4 of the field's spread over the particle (psi >= 0.01), far below
 * any missing or misplaced term (the coherency part alone is > 5 % of the spread). The energy is a sum of
 * ~800 float32 products: 1e-4 relative.
 */
import { describe, expect, it } from 'vitest';
import { useGpu } from '../gpuContext.ts';
import { resolveScene } from '../../../src/scene/resolve.ts';
import { Simulation, type Observables } from '../../../src/solver/simulation.ts';
import { chrChemicalPotentialField, chrCoherency } from '../../../src/solver/chrChemicalPotential.ts';
import { GRADIENT_SURFACE, smoothedBoundary } from '../../../src/solver/smoothedBoundary.ts';
import { electrochemistryOf } from '../../../src/scene/resolveElectrochemistry.ts';
import { openCircuitVoltage } from '../../../src/physics/ocv.ts';
import { freeEnergy } from '../../../src/physics/freeEnergy.ts';
import { FARADAY } from '../../../src/physics/constants.ts';
import { chargeFraction, insertedFraction, particle, LFP_SITES, T } from './electrochemScenes.ts';
import { eshelbyDiscPlaneStrain } from '../../../src/physics/eshelby.ts';

const gpu = useGpu();

/** LiFePO4 stiffness and Cogswell-Bazant misfit, the crystal's a-c plane on the grid (x = a, y = c), as lfp-particle-chr. */
const LFP_ELASTICITY = { stiffness: { kind: 'material', name: 'LiFePO4' }, orientation: [-0.70710678, 0, 0, 0.70710678], plane: 'strain' };

async function simulate(json: Record<string, unknown>, maxSteps?: number) {
  const spec = resolveScene(json);
  const sim = await Simulation.create(gpu(), spec);
  const records: Observables[] = [];
  sim.onObservables((o) => records.push(o));
  await sim.run({ maxSteps, chunk: 64 });
  const c = await sim.readConcentration();
  const mu = await sim.readField('mu');
  sim.dispose();
  return { spec, records, c, mu };
}

/** Largest |a - b| over the particle's cells (psi >= GRADIENT_SURFACE) relative to b's spread there. */
function particleDeviation(spec: ReturnType<typeof resolveScene>, a: ArrayLike<number>, b: ArrayLike<number>): { relative: number; spread: number } {
  const psi = smoothedBoundary(spec)!.psi;
  let lo = Infinity;
  let hi = -Infinity;
  let error = 0;
  for (let i = 0; i < psi.length; i++) {
    if (psi[i] < GRADIENT_SURFACE) continue;
    lo = Math.min(lo, b[i]);
    hi = Math.max(hi, b[i]);
    error = Math.max(error, Math.abs(a[i] - b[i]));
  }
  return { relative: error / (hi - lo), spread: hi - lo };
}

describe('CHR particle with coherency strain', () => {
  it('mu and the coherency energy of a two-phase particle equal the float64 twin', async () => {
    const json = particle({
      cells: [40, 40],
      radiusCells: 14,
      initial: { kind: 'noise', mean: 0.45, amplitude: 0.3, seed: 5 },
      elasticity: LFP_ELASTICITY,
      tEnd: 1e6,
      steps: [{ kind: 'rest', duration: 1e6 }],
    });
    const { spec, records, c, mu } = await simulate(json, 60);
    const twin = chrChemicalPotentialField(spec, c);
    const coherency = chrCoherency(spec, c)!;
    const { relative, spread } = particleDeviation(spec, mu, twin);
    // the coherency part of mu, extended outward, is a sizeable part of the spread (not a vanishing term)
    const boundary = smoothedBoundary(spec)!;
    let elastic = 0;
    for (let i = 0; i < c.length; i++) if (boundary.psi[i] >= 0.5) elastic = Math.max(elastic, Math.abs(coherency.potential[i] + coherency.uniformTerm));
    const energy = records.at(-1)!.elasticEnergy;
    console.log(`CHR coherency: mu vs twin ${relative.toExponential(2)} of the spread ${spread.toExponential(3)} J/m^3 (coherency part up to ${elastic.toExponential(3)}), uniform term ${coherency.uniformTerm.toExponential(3)} J/m^3, energy ${energy.toExponential(5)} vs twin ${coherency.energy.toExponential(5)} J/m`);
    expect(elastic / spread).toBeGreaterThan(0.05);
    expect(relative).toBeLessThan(1e-4);
    expect(Math.abs(energy / coherency.energy - 1)).toBeLessThan(1e-4);
    // the w-weighted mean of the coherency potential vanishes (the uniform term): adding Li evenly to every
    // site of the particle leaves theta = w (c - cbar), hence the energy, unchanged (w = psi where psi >= 0.01,
    // 0 in the exterior, whose fictitious c carries no eigenstrain)
    let weighted = 0;
    let volume = 0;
    for (let i = 0; i < c.length; i++) {
      const w = boundary.psi[i] >= GRADIENT_SURFACE ? boundary.psi[i] : 0;
      weighted += w * (coherency.potential[i] + coherency.uniformTerm);
      volume += w;
    }
    expect(Math.abs(weighted / volume)).toBeLessThan(1e-9 * elastic);
  });

  // A particle in a liquid electrolyte swells freely: a uniform composition carries no coherency stress,
  // so at rest its voltage is the OCV of the unstrained lattice (a particle clamped in a medium of its own
  // stiffness would be shifted by the Eshelby energy, tens of mV for this misfit).
  it('a uniformly lithiated particle is stress-free: no coherency energy, voltage = OCV(c)', async () => {
    const json = particle({ cells: [32, 32], initial: { kind: 'uniform', value: 0.3 }, elasticity: LFP_ELASTICITY, tEnd: 100, steps: [{ kind: 'rest', duration: 100 }] });
    const { spec, records, c, mu } = await simulate(json, 20);
    const fe = freeEnergy(spec.freeEnergy);
    const last = records.at(-1)!;
    const ocv = openCircuitVoltage(fe, LFP_SITES, 3.422, 0.3);
    // mu = f'(c) to float32 rounding (no gradient, no coherency term) on the scale of kT per site volume:
    // c = u / psi in the surface's tail (psi down to 0.01) carries 100x the rounding of u, and the gradient
    // term weighs it with kappa / h^2 ~ 9 kT, so 1e-3 kT; a clamped particle's Eshelby term would be ~ kT
    const kT = 8.314462618 * T * LFP_SITES;
    const psi = smoothedBoundary(spec)!.psi;
    let worst = 0;
    for (let i = 0; i < c.length; i++) if (psi[i] >= GRADIENT_SURFACE) worst = Math.max(worst, Math.abs(mu[i] - fe.df(c[i])) / kT);
    console.log(`CHR uniform particle with coherency strain: elastic energy ${last.elasticEnergy.toExponential(2)} J/m, V - OCV ${((last.voltage - ocv) * 1e3).toFixed(4)} mV, |mu - f'(c)| ${worst.toExponential(2)} kT`);
    expect(Math.abs(last.voltage - ocv)).toBeLessThan(1e-5);
    expect(Math.abs(last.elasticEnergy)).toBeLessThan(1e-6 * Math.abs(chrCoherency(spec, Float64Array.from(c, (_, i) => (i % 32 < 16 ? 0.05 : 0.95)))!.energy));
    expect(worst).toBeLessThan(1e-3);
  });

  // A Li-rich core (c = 0.9, radius 8 cells) in a particle (c = 0.1, radius 24 cells), isotropic stiffness,
  // dilatational misfit, plane strain. theta = psi (c - cbar) is a superposition of concentric discs, each
  // uniformly stressed inside (Eshelby), and sums to zero over the box (no k = 0 correction), so the centre
  // carries the infinite-body interior stress times c(centre) - cbar: the core's misfit against the particle
  // mean. A particle clamped in its own medium would give c(centre) instead (here 0.9 against 0.71).
  // Measured equal to 6 digits; 1e-3 leaves room for the periodic images (the particle fills 20 % of the
  // box; their shear at the centre cancels by the square symmetry) and the grid's anisotropy.
  it('stress of a core-shell particle: Eshelby interior stress x (c - cbar) at the centre, zero outside, the sigma columns', async () => {
    const n = 96;
    const E = 100e9;
    const nu = 0.3;
    const eps = 0.01;
    const json = particle({
      cells: [n, n],
      radiusCells: 24,
      initial: { kind: 'precipitate', shape: { kind: 'sphere', radius: 8e-9, interfaceCells: 2 }, inside: 0.9, outside: 0.1 },
      elasticity: { stiffness: { kind: 'isotropic', youngsModulus: E, poissonRatio: nu }, eigenstrain: [eps, eps, eps, 0, 0, 0], plane: 'strain' },
      tEnd: 1e6,
      steps: [{ kind: 'rest', duration: 1e6 }],
    });
    const spec = resolveScene(json);
    const sim = await Simulation.create(gpu(), spec);
    expect(sim.fieldNames()).toContain('sigma_vm');
    const c = await sim.readConcentration();
    const field = async (name: 'sigma_xx' | 'sigma_yy' | 'sigma_zz' | 'sigma_vm') => sim.readField(name);
    const [sxx, syy, szz, svm] = [await field('sigma_xx'), await field('sigma_yy'), await field('sigma_zz'), await field('sigma_vm')];
    const records: Observables[] = [];
    sim.onObservables((o) => records.push(o));
    await sim.run({ maxSteps: 1 });
    sim.dispose();
    // cbar over the particle: w = psi where psi >= 0.01 (the exterior's c, in equilibrium with the shell, differs)
    const psi = smoothedBoundary(spec)!.psi;
    let content = 0;
    let volume = 0;
    for (let i = 0; i < c.length; i++) {
      const w = psi[i] >= GRADIENT_SURFACE ? psi[i] : 0;
      content += w * c[i];
      volume += w;
    }
    const mean = content / volume;
    const centre = n / 2 + n * (n / 2);
    const infinite = eshelbyDiscPlaneStrain({ youngsModulus: E, poissonRatio: nu, eigenstrain: eps, radius: 8e-9 }).interiorStress;
    const expected = infinite.xx * (c[centre] - mean);
    console.log(`CHR core-shell stress: c(centre) ${c[centre].toFixed(4)}, cbar ${mean.toFixed(4)}, sigma_xx ${(sxx[centre] / 1e6).toFixed(3)} MPa vs Eshelby x (c - cbar) ${(expected / 1e6).toFixed(3)} MPa (clamped: ${((infinite.xx * c[centre]) / 1e6).toFixed(3)}), sigma_vm max ${(records[0].sigmaVmMax / 1e6).toFixed(3)} MPa`);
    expect(Math.abs(sxx[centre] / expected - 1)).toBeLessThan(1e-3);
    expect(Math.abs(syy[centre] / expected - 1)).toBeLessThan(1e-3);
    // plane strain: sigma_zz = nu (sigma_xx + sigma_yy) - E eps theta at the centre
    expect(Math.abs(szz[centre] / (nu * (sxx[centre] + syy[centre]) - E * eps * (c[centre] - mean)) - 1)).toBeLessThan(1e-3);
    // zero outside the particle; the sigma_vm_max column is the maximum of the field over the particle
    let largest = 0;
    for (let i = 0; i < c.length; i++) {
      if (psi[i] < 0.5) expect(svm[i]).toBe(0);
      largest = Math.max(largest, svm[i]);
    }
    expect(records[0].step).toBe(0);
    expect(Math.abs(records[0].sigmaVmMax / largest - 1)).toBeLessThan(1e-6);
  });

  it('with coherency strain a phase-separating discharge inserts exactly the integral of the current', async () => {
    const tEnd = 0.5 * 3600;
    const json = particle({ cells: [32, 32], form: 'concentration', diffusivity: 1e-18, elasticity: LFP_ELASTICITY, tEnd, steps: [{ kind: 'constantCurrent', cRate: 1 }] });
    const { spec, records, c } = await simulate(json);
    const ec = electrochemistryOf(spec)!;
    const expected = chargeFraction(spec, records);
    const inserted = insertedFraction(spec, c);
    const last = records.at(-1)!;
    console.log(`CHR coherency 1C discharge: ${records.length - 1} steps, integral of I ${expected.toFixed(7)}, inserted ${inserted.toFixed(7)}, c ${last.cMin.toFixed(3)}..${last.cMax.toFixed(3)}, elastic energy ${last.elasticEnergy.toExponential(3)} J/m`);
    expect(last.status).toBe('done');
    expect(Math.abs(expected / 0.5 - 1)).toBeLessThan(1e-5);
    // the mass column is the particle's Li, integral of psi c dV (site fraction x m^2 per m of depth):
    // times rho_s it is the charge passed through the surface A over F (mol per m of depth)
    const charge = records.slice(0, -1).reduce((q, r) => q + r.current * r.dt, 0) * ec.particle!.surfaceArea; // C/m
    const moles = (last.mass - records[0].mass) * LFP_SITES;
    expect(Math.abs(moles / (charge / FARADAY) - 1)).toBeLessThan(1e-5);
    expect(Math.abs(inserted / expected - 1)).toBeLessThan(1e-5);
    // the particle phase-separates (Li-rich and Li-poor domains) and the domains are strained
    expect(last.cMax - last.cMin).toBeGreaterThan(0.5);
    expect(last.elasticEnergy).toBeGreaterThan(0);
  }, 600_000);
});
