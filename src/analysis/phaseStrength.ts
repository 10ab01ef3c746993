/**
 * Which strength a cell is held to (issue 19). A particle in a matrix (a cathode particle in a solid
 * electrolyte) has two criteria: the particle's (`model.elasticity.strength`) and the matrix's own
 * (`model.elasticity.matrix.strength`); a pore has none. A cell of the diffuse boundary belongs to its
 * majority phase: the particle where psi >= 1/2, the matrix where psi < 1/2.
 *
 * Why the majority phase and not a psi-weighted strength: a crack starts from a flaw in one material, and
 * a strength interpolated across the boundary (psi s_p + (1 - psi) s_m) belongs to neither; psi = 1/2 is
 * where the diffuse profile puts the sharp surface, so each cell takes the phase its centre lies in. It is
 * also the split of the stress by region (shaders/elastic/stress_regions.wgsl: the particle's and the
 * electrolyte's peak sigma_1), so a phase's hot spots and its peak stress describe the same cells.
 *
 * This is the float64 twin of the criterion in shaders/elastic/stress_fields.wgsl (its last lines), and
 * what the host uses to group hot-spot cells by phase. Pure, no GPU.
 */
import type { ElasticStrength } from '../scene/resolveElasticity.ts';

export type Phase = 'particle' | 'electrolyte';

/** The criteria of the two phases, scene stress unit; either may be absent (no criterion there). */
export interface PhaseStrengths {
  particle?: ElasticStrength;
  matrix?: ElasticStrength;
}

/**
 * Phase per cell, 1 = particle (psi >= 1/2), 0 = matrix; psi is compared in float32, as the GPU holds it,
 * so a cell at psi ~ 1/2 falls on the same side on both.
 */
export function cellPhases(psi: ArrayLike<number>): Uint8Array {
  return Uint8Array.from({ length: psi.length }, (_, i) => (Math.fround(psi[i]) >= 0.5 ? 1 : 0));
}

/** The criterion of a cell: the particle's where `phase` is 1 (or there is no phase field), else the matrix's. */
export function cellStrength(strengths: PhaseStrengths, phase: number | undefined): ElasticStrength | undefined {
  return phase === 0 ? strengths.matrix : strengths.particle;
}

/**
 * Hot-spot indicator per cell: 1 where the cell's criterion stress (sigma_1 for a tensile strength,
 * sigma_vm for a yield stress) exceeds its phase's strength. `phases` undefined: the whole box is particle.
 */
export function hotspotIndicator(sigma1: ArrayLike<number>, sigmaVm: ArrayLike<number>, strengths: PhaseStrengths, phases?: ArrayLike<number>): Uint8Array {
  return Uint8Array.from({ length: sigma1.length }, (_, i) => {
    const s = cellStrength(strengths, phases?.[i]);
    if (!s) return 0;
    return (s.kind === 'vonMises' ? sigmaVm[i] : sigma1[i]) > s.value ? 1 : 0;
  });
}

/**
 * The stress each cell's criterion compares (sigma_vm where its phase has a yield stress, sigma_1
 * otherwise): the peak stress of a hot-spot region. Returns `sigma1` itself when no phase uses von Mises.
 */
export function criterionStress(sigma1: ArrayLike<number>, sigmaVm: ArrayLike<number> | undefined, strengths: PhaseStrengths, phases?: ArrayLike<number>): ArrayLike<number> {
  const vonMises = (s?: ElasticStrength) => s?.kind === 'vonMises';
  if (!vonMises(strengths.particle) && !vonMises(strengths.matrix)) return sigma1;
  if (!sigmaVm) throw new Error('criterionStress: a von Mises criterion needs sigma_vm');
  return Float64Array.from({ length: sigma1.length }, (_, i) => (vonMises(cellStrength(strengths, phases?.[i])) ? sigmaVm[i] : sigma1[i]));
}

/** Whether any phase has a criterion (hot spots can exist). */
export function hasStrength(strengths: PhaseStrengths): boolean {
  return strengths.particle !== undefined || strengths.matrix !== undefined;
}

/** The criteria of a resolved elasticity section. */
export function phaseStrengths(elastic: { strength?: ElasticStrength; matrixStrength?: ElasticStrength } | undefined): PhaseStrengths {
  return { particle: elastic?.strength, matrix: elastic?.matrixStrength };
}
