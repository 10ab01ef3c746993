import { describe, expect, it } from 'vitest';
import { resolveScene } from '../../../src/scene/resolve.ts';
import { chrCoherency } from '../../../src/solver/chrChemicalPotential.ts';
import { GRADIENT_SURFACE, smoothedBoundary } from '../../../src/solver/smoothedBoundary.ts';
import { particle } from '../../gpu/solver/electrochemScenes.ts';

// The coherency strain of a free CHR particle (float64 twin of chr_particle_content / chr_elastic_potential):
// theta = w (c - cbar) with w = psi on the particle's side of psi = 0.01 and 0 in the exterior, whose c is
// fictitious (its own Cahn-Hilliard dynamics in the box). With psi in place of w, the exterior's Li moved cbar
// and strained a uniform particle.
describe('coherency strain of a CHR particle', () => {
  const spec = resolveScene(
    particle({
      cells: [32, 32],
      radiusCells: 11,
      elasticity: { stiffness: { kind: 'material', name: 'LiFePO4' }, orientation: [-0.70710678, 0, 0, 0.70710678], plane: 'strain' },
    }),
  );
  const { psi } = smoothedBoundary(spec)!;

  it('leaves a uniform particle stress-free whatever c its exterior holds', () => {
    const uniform = chrCoherency(spec, Float64Array.from(psi, () => 0.3))!;
    const exterior = chrCoherency(spec, Float64Array.from(psi, (p) => (p >= GRADIENT_SURFACE ? 0.3 : 0.9)))!;
    // a reference scale: the same particle split into two phases
    const split = chrCoherency(spec, Float64Array.from(psi, (_, i) => (i % 32 < 16 ? 0.05 : 0.95)))!;
    expect(split.energy).toBeGreaterThan(0);
    expect(Math.abs(uniform.energy)).toBeLessThan(1e-20 * split.energy + 1e-30);
    expect(Math.abs(exterior.energy)).toBeLessThan(1e-12 * split.energy);
    const largest = Math.max(...split.potential.map(Math.abs));
    for (let i = 0; i < psi.length; i++) expect(Math.abs(exterior.potential[i] + exterior.uniformTerm)).toBeLessThan(1e-12 * largest);
  });
});
