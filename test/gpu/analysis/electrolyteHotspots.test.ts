/**
 * The two electrolyte scenes of issue #10: the same half-delithiated (shrinking) NMC sphere in stiff LLZO
 * and in soft Li6PS5Cl. Mechanics (Eshelby's inhomogeneous inclusion: src/physics/eshelby.ts,
 * inhomogeneousSphere) predicts a uniform hydrostatic tension p inside the particle equal to the radial
 * traction at the interface, growing with the electrolyte's shear modulus: 1.21 GPa in LLZO, 0.26 GPa in
 * Li6PS5Cl for an isolated particle. The particle's strength (0.90 GPa, NMC with a 200 nm flaw) lies
 * between, so only the LLZO particle is a hot spot. Each electrolyte has its own strength (200 nm flaw:
 * LLZO 1.41 GPa, Li6PS5Cl 0.26 GPa; model.elasticity.matrix.strength), which the radial tension outside
 * either particle stays below; the hot-spot field is checked cell by cell against the float64 twin of the
 * per-phase criterion (src/analysis/phaseStrength.ts).
 *
 * The periodic box holds a particle volume fraction f = 0.065 at zero mean stress; the reference for that
 * is the composite sphere (Hashin, J. Appl. Mech. 29 (1962) 143): the particle in a matrix shell of outer
 * radius a f^(-1/3) with a traction-free outer surface, solved with the Lame solutions u = alpha r inside
 * and u = A r + B / r^2 in the shell (Timoshenko & Goodier, Theory of Elasticity, 3rd ed., sec. 141).
 */
import { describe, expect, it } from 'vitest';
import { useGpu } from '../gpuContext.ts';
import { resolveScene } from '../../../src/scene/resolve.ts';
import { findBundledScene } from '../../../src/scene/bundled.ts';
import { Simulation, type Observables } from '../../../src/solver/simulation.ts';
import { PipelineCache } from '../../../src/gpu/pipelineCache.ts';
import { compositeSphereFreeInterior, inhomogeneousSphere } from '../../../src/physics/eshelby.ts';
import { getMaterial } from '../../../src/physics/materials.ts';
import { findHotspots } from '../../../src/analysis/hotspots.ts';
import { particleIndicator } from '../../../src/solver/geometry.ts';
import { cellPhases, hotspotIndicator, phaseStrengths } from '../../../src/analysis/phaseStrength.ts';

describe('NMC particle in a stiff and in a soft solid electrolyte', () => {
  const gpu = useGpu();
  let cache: PipelineCache | undefined;

  async function interfaceStress(name: string) {
    const spec = resolveScene(findBundledScene(name)!.json);
    const sim = await Simulation.create(gpu(), spec, { cache: (cache ??= new PipelineCache(gpu().device)) });
    const records: Observables[] = [];
    sim.onObservables((o) => records.push(o));
    await sim.run({ maxSteps: 2 }); // CG solves to its tolerance every step: two steps give the same stress as eight (measured)
    const residual = records[records.length - 1]?.elasticResidual ?? NaN;
    const sigmaXx = await sim.readField('sigma_xx');
    const sigma1 = await sim.readField('sigma_1');
    const sigmaVm = await sim.readField('sigma_vm');
    const hotspot = await sim.readField('hotspot');
    const c = await sim.readConcentration();
    sim.dispose();
    const [nx, ny, nz] = spec.shape;
    const centre = nx / 2 + nx * (ny / 2 + ny * (nz / 2));
    const radiusCells = 0.5e-6 / spec.spacing[0];
    let peak = -Infinity;
    for (const v of sigma1) peak = Math.max(peak, v);
    const phases = cellPhases(particleIndicator(spec)!);
    const frame = findHotspots(hotspot, sigma1, spec.shape, spec.spacing, true, phases);
    // the GPU's indicator against the twin (cells within float32 rounding of a strength may fall either way)
    const strengths = phaseStrengths(spec.elasticity);
    const twin = hotspotIndicator(sigma1, sigmaVm, strengths, phases);
    let mismatches = 0;
    for (let i = 0; i < twin.length; i++) {
      const s = (phases[i] ? strengths.particle : strengths.matrix)!.value;
      if (twin[i] !== hotspot[i] && Math.abs(sigma1[i] - s) > 1e-5 * s) mismatches++;
    }
    let matrixPeak = -Infinity;
    for (let i = 0; i < sigma1.length; i++) if (!phases[i]) matrixPeak = Math.max(matrixPeak, sigma1[i]);
    const particle = getMaterial('NMC');
    const matrixName = (spec.scene.model.elasticity as { matrix: { stiffness: { name: string } } }).matrix.stiffness.name;
    const matrix = getMaterial(matrixName);
    const eigenstrain = 0.017 * (c[centre] - 1);
    const analytic = inhomogeneousSphere({
      inclusion: { youngsModulus: particle.youngsModulus, poissonRatio: particle.poissonRatio },
      matrix: { youngsModulus: matrix.youngsModulus, poissonRatio: matrix.poissonRatio },
      eigenstrain,
      radius: radiusCells,
    });
    // radial stress just outside the interface (3 cells beyond the mid-line of the smooth boundary), on the x axis
    const outside = centre + Math.round(radiusCells) + 3;
    const fraction = ((4 / 3) * Math.PI * radiusCells ** 3) / (nx * ny * nz);
    const composite = compositeSphereFreeInterior(particle, matrix, eigenstrain, fraction);
    return {
      name,
      composite,
      interior: sigmaXx[centre],
      analyticInterior: analytic.interiorStress,
      radialOutside: sigmaXx[outside],
      analyticRadialOutside: analytic.radialStress(Math.round(radiusCells) + 3),
      peak,
      hotspotFraction: frame.volumeFraction,
      regions: frame.regions.length,
      strength: spec.elasticity!.strength!.value,
      matrixStrength: spec.elasticity!.matrixStrength!.value,
      matrixPeak,
      mismatches,
      particleRegions: frame.regions.filter((r) => r.phase === 'particle').length,
      residual,
    };
  }

  it('the interface stress is larger in LLZO than in Li6PS5Cl, as Eshelby predicts; only the LLZO particle is a hot spot', async () => {
    const stiff = await interfaceStress('nmc-in-llzo-hotspots');
    const soft = await interfaceStress('nmc-in-li6ps5cl-hotspots');
    for (const r of [stiff, soft]) {
      console.log(
        `${r.name}: interior sigma_xx = ${(r.interior / 1e6).toFixed(1)} MPa (isolated sphere ${(r.analyticInterior / 1e6).toFixed(1)}, composite sphere f = 0.065 ${(r.composite / 1e6).toFixed(1)}), ` +
          `radial stress 3 cells outside ${(r.radialOutside / 1e6).toFixed(1)} MPa (Eshelby ${(r.analyticRadialOutside / 1e6).toFixed(1)}), ` +
          `peak sigma_1 ${(r.peak / 1e6).toFixed(1)} MPa, strength ${(r.strength / 1e6).toFixed(1)} MPa, electrolyte peak sigma_1 ${(r.matrixPeak / 1e6).toFixed(1)} MPa against its strength ${(r.matrixStrength / 1e6).toFixed(1)} MPa, hot-spot fraction ${r.hotspotFraction.toFixed(4)} in ${r.regions} region(s), fixed-point residual ${r.residual.toExponential(2)}`,
      );
      // direction and size of the effect against the isolated sphere (the periodic neighbours change it by
      // tens of per cent at most): what the issue asks
      expect(Math.abs(r.interior / r.analyticInterior - 1)).toBeLessThan(0.35);
      expect(r.interior).toBeGreaterThan(0); // a shrinking particle held by the electrolyte is in tension
      expect(r.mismatches).toBe(0);
      expect(r.matrixPeak).toBeLessThan(r.matrixStrength);
    }
    expect(stiff.interior).toBeGreaterThan(2.5 * soft.interior);
    // quantitative, against the composite sphere: LLZO (E 150 vs 140 GPa) and Li6PS5Cl (contrast 6.4).
    // The scenes use a 1-cell laminate (rank-one) boundary: measured +0.3 % and -1.1 %. With the 2-cell
    // eigenstress (Voigt-Taylor) boundary Li6PS5Cl was +15.5 % (+41 % before issue 18); the resolution
    // study in docs/elasticity.md ("Hot-spot scenes") shows the laminate converging to the composite sphere.
    expect(Math.abs(stiff.interior / stiff.composite - 1)).toBeLessThan(0.03);
    expect(Math.abs(soft.interior / soft.composite - 1)).toBeLessThan(0.03);
    expect(stiff.radialOutside).toBeGreaterThan(soft.radialOutside);
    expect(stiff.regions).toBe(1);
    expect(stiff.particleRegions).toBe(1);
    expect(stiff.hotspotFraction).toBeGreaterThan(0.05); // the particle (volume fraction 0.065)
    expect(soft.hotspotFraction).toBe(0);
  }, 1_500_000);
});
