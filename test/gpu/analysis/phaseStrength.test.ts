/**
 * Each phase against its own strength (issue 19): a half-delithiated NMC disc (2D, plane strain, 32^2)
 * bonded to a softer electrolyte. The shrunk particle is in uniform tension (sigma_1 = p, its
 * out-of-plane stress in plane strain); the electrolyte's sigma_1 is its radial tension, largest at the
 * interface and falling off as (a/r)^2. Which cells are hot spots must depend only on the strength of
 * the phase each cell belongs to (the majority phase: psi >= 1/2 particle).
 *
 * Three runs of the same state on the GPU (shaders/elastic/stress_fields.wgsl) with the criteria swapped,
 * each compared cell by cell with the float64 twin (src/analysis/phaseStrength.ts) on the GPU's own
 * stresses: (1) matrix strength M/2 (M the electrolyte's peak sigma_1), particle 2p: matrix cells above M/2
 * (below the particle's 2p) are hot spots, no particle cell; (2) the converse: particle cells are, matrix
 * cells above M/2 (now the particle's strength) are not; (3) a von Mises criterion in the matrix only.
 */
import { describe, expect, it } from 'vitest';
import { useGpu } from '../gpuContext.ts';
import { resolveScene } from '../../../src/scene/resolve.ts';
import { Simulation } from '../../../src/solver/simulation.ts';
import { PipelineCache } from '../../../src/gpu/pipelineCache.ts';
import { particleIndicator } from '../../../src/solver/geometry.ts';
import { cellPhases, hotspotIndicator, phaseStrengths } from '../../../src/analysis/phaseStrength.ts';

type Strength = { kind: 'tensile' | 'vonMises'; value: number };

function disc(particle: Strength, matrix: Strength) {
  return {
    name: 'phase-strength-disc',
    description: 'NMC disc in a softer electrolyte, half delithiated, one strength per phase',
    units: 'SI',
    grid: { cells: [32, 32], size: [2e-6, 2e-6] },
    geometry: { kind: 'sphere', radius: 0.5e-6, interfaceCells: 1 },
    model: {
      freeEnergy: { kind: 'regularSolution', siteDensity: 48800, temperature: 298, omega: 0 },
      kappa: 1e-9,
      mobility: { kind: 'diffusivity', diffusivity: 1e-15 },
      elasticity: {
        stiffness: { kind: 'isotropic', youngsModulus: 140e9, poissonRatio: 0.3 },
        matrix: { stiffness: { kind: 'isotropic', youngsModulus: 22e9, poissonRatio: 0.3 }, strength: matrix },
        eigenstrain: [0.017, 0.017, 0.017, 0, 0, 0],
        referenceConcentration: 1,
        strength: particle,
        solver: { tolerance: 1e-4, maxIterations: 100 },
      },
    },
    initial: { kind: 'uniform', value: 0.5 },
    time: { tEnd: 1e-3 },
    output: { timeseriesEvery: 1, fieldFrames: 0, stressEvery: 1 },
  };
}

describe('hot spots with a strength per phase (particle in an electrolyte)', () => {
  const gpu = useGpu();
  let cache: PipelineCache | undefined;

  async function run(particle: Strength, matrix: Strength) {
    const spec = resolveScene(disc(particle, matrix));
    const sim = await Simulation.create(gpu(), spec, { cache: (cache ??= new PipelineCache(gpu().device)) });
    await sim.run({ maxSteps: 1 });
    const fields = { sigma1: await sim.readField('sigma_1'), sigmaVm: await sim.readField('sigma_vm'), hotspot: await sim.readField('hotspot') };
    sim.dispose();
    const phases = cellPhases(particleIndicator(spec)!);
    const twin = hotspotIndicator(fields.sigma1, fields.sigmaVm, phaseStrengths(spec.elasticity), phases);
    // cells whose criterion stress is within float32 rounding of their strength may fall either way
    const strengths = phaseStrengths(spec.elasticity);
    let mismatches = 0;
    for (let i = 0; i < twin.length; i++) {
      if (twin[i] === fields.hotspot[i]) continue;
      const s = (phases[i] === 1 ? strengths.particle : strengths.matrix)!;
      const stress = s.kind === 'vonMises' ? fields.sigmaVm[i] : fields.sigma1[i];
      if (Math.abs(stress - s.value) > 1e-5 * s.value) mismatches++;
    }
    const count = (phase: number) => fields.hotspot.reduce((n, h, i) => n + (h > 0.5 && phases[i] === phase ? 1 : 0), 0);
    return { ...fields, phases, mismatches, particleHot: count(1), matrixHot: count(0) };
  }

  it('flags a matrix cell above the matrix strength but below the particle strength, and the converse', async () => {
    // the particle's uniform tension p from a first run without a criterion that could fire
    const probe = await run({ kind: 'tensile', value: 1e12 }, { kind: 'tensile', value: 1e12 });
    let p = 0;
    let count = 0;
    for (let i = 0; i < probe.sigma1.length; i++) if (probe.phases[i] === 1) [p, count] = [p + probe.sigma1[i], count + 1];
    p /= count;
    let matrixPeak = -Infinity;
    for (let i = 0; i < probe.sigma1.length; i++) if (probe.phases[i] === 0) matrixPeak = Math.max(matrixPeak, probe.sigma1[i]);
    console.log(`disc: particle sigma_1 ${(p / 1e6).toFixed(1)} MPa (mean), electrolyte peak sigma_1 ${(matrixPeak / 1e6).toFixed(1)} MPa`);
    expect(p).toBeGreaterThan(matrixPeak); // plane strain: the particle's sigma_1 is its out-of-plane tension
    expect(matrixPeak).toBeGreaterThan(0); // the radial tension of the electrolyte at the interface
    expect(probe.particleHot + probe.matrixHot).toBe(0);

    // weak = half the electrolyte's peak, below every particle cell; strong = twice the particle's tension
    const weak = { kind: 'tensile', value: matrixPeak / 2 } as const;
    const strong = { kind: 'tensile', value: 2 * p } as const;
    // (1) weak electrolyte: its cells above weak are hot spots although below the particle's strength
    const electrolyte = await run(strong, weak);
    const expectedMatrix = electrolyte.sigma1.reduce((n, s, i) => n + (electrolyte.phases[i] === 0 && s > weak.value ? 1 : 0), 0);
    console.log(`weak electrolyte: ${electrolyte.matrixHot} matrix / ${electrolyte.particleHot} particle hot cells (twin: ${expectedMatrix} matrix cells above ${(weak.value / 1e6).toFixed(1)} MPa)`);
    expect(electrolyte.mismatches).toBe(0);
    expect(electrolyte.matrixHot).toBeGreaterThan(0);
    expect(electrolyte.matrixHot).toBe(expectedMatrix);
    expect(electrolyte.particleHot).toBe(0);
    // (2) the converse: the particle is flagged, and the matrix cells above weak (its strength) are not
    const particle = await run(weak, strong);
    const expectedParticle = particle.sigma1.reduce((n, s, i) => n + (particle.phases[i] === 1 && s > weak.value ? 1 : 0), 0);
    console.log(`weak particle: ${particle.particleHot} particle / ${particle.matrixHot} matrix hot cells (twin: ${expectedParticle} of ${count} particle cells above weak)`);
    expect(particle.mismatches).toBe(0);
    expect(particle.particleHot).toBe(expectedParticle);
    expect(particle.particleHot).toBeGreaterThan(0.8 * count);
    expect(particle.matrixHot).toBe(0);
    expect(expectedMatrix).toBeGreaterThan(0); // matrix cells above the particle's strength exist, and stay unflagged

    // (3) von Mises in the matrix only: the criterion flag is per phase too
    let matrixVm = 0;
    for (let i = 0; i < probe.sigmaVm.length; i++) if (probe.phases[i] === 0) matrixVm = Math.max(matrixVm, probe.sigmaVm[i]);
    const ductile = await run(strong, { kind: 'vonMises', value: matrixVm / 2 });
    const expectedVm = ductile.sigmaVm.reduce((n, s, i) => n + (ductile.phases[i] === 0 && s > matrixVm / 2 ? 1 : 0), 0);
    console.log(`von Mises electrolyte (yield ${(matrixVm / 2e6).toFixed(1)} MPa): ${ductile.matrixHot} matrix hot cells (twin ${expectedVm})`);
    expect(ductile.mismatches).toBe(0);
    expect(ductile.matrixHot).toBe(expectedVm);
    expect(ductile.particleHot).toBe(0);
  }, 120_000);
});
