/**
 * A uniformly lithiated CHR particle bonded to an electrolyte, or free in a pore, against the composite
 * solution (issue #19): the scene and the measurement shared by the GPU test and the resolution study
 * (scripts/chr-bonded-particle.ts).
 *
 * The scene is the diffusion-stress comparison's particle (src/analysis/diffusionStressCheck.ts: isotropic
 * E = 1 GPa, nu = 0.3), held at rest at a uniform site fraction c = 1/2 with the dilatational Vegard strain
 * eps00 per axis (reference concentration 0), so the eigenstrain is eps* = eps00 c everywhere inside;
 * `model.elasticity.matrix` is the electrolyte's stiffness or `{ kind: 'void' }` (a pore); the box is
 * clamped (zero mean strain), a particle in a rigid cell.
 *
 * The reference is the composite sphere (3D) or cylinder (2D, plane strain) whose outer surface r = b is
 * clamped, with b from the box volume: (4/3) pi b^3 = L^3, pi b^2 = L^2 (Hashin's assemblage; src/physics/
 * eshelby.ts). Inside, the stress is hydrostatic (3D) or in-plane isotropic (2D) and uniform, and equal to
 * the interface normal traction sigma_rr(a), which is continuous.
 *
 * Measurement, float64 from the fields (x fastest, the particle centred on a node):
 *   interior  sigma_xx at the centre node;
 *   traction  the matrix side: sigma_rr = sigma_xx on the +x axis at two nodes beyond the diffuse boundary
 *             (psi < 1e-3), fitted to the shell's form A + B / r^n (n = dims) and extrapolated to r = a;
 *   hoop      the matrix's hoop stress sigma_yy at the nearer of the two nodes;
 *   mu_el     mu - f'(c) at the centre, against -eps00 tr(sigma) (= -Omega sigma_h per site);
 *   largest   the largest |sigma_ij| of any component anywhere (the pore's traction-free check).
 */
import { compositeCylinderPlaneStrain, compositeSphere, type CompositeField } from '../physics/eshelby.ts';
import { DIFFUSION_STRESS, diffusionStressScene } from './diffusionStressCheck.ts';

export interface UniformParticleOptions {
  dims: 2 | 3;
  cells: number;
  /** particle radius [cells] */
  radiusCells: number;
  /** 10-90 % width of psi [cells] */
  interfaceCells: number;
  /** `model.elasticity.matrix` of the scene: an electrolyte's stiffness or `{ stiffness: { kind: 'void' } }` */
  matrix: unknown;
  /** Vegard strain per axis per unit site fraction (default 0.01) */
  strain?: number;
}

/** The uniform site fraction of the particle. */
export const UNIFORM_FILLING = 0.5;

/** The scene JSON: the particle at rest, uniformly filled, clamped box. */
export function uniformParticleScene(o: UniformParticleOptions): Record<string, any> {
  const e = o.strain ?? 0.01;
  const json = diffusionStressScene({ dims: o.dims, cells: o.cells, radiusCells: o.radiusCells, interfaceCells: o.interfaceCells, tauEnd: 0.01 }) as Record<string, any>;
  json.initial = { kind: 'uniform', value: UNIFORM_FILLING };
  json.protocol = { steps: [{ kind: 'rest', duration: json.time.tEnd }] };
  Object.assign(json.model.elasticity, { eigenstrain: [e, e, e, 0, 0, 0], referenceConcentration: 0, boundary: { kind: 'clamped' }, matrix: o.matrix });
  return json;
}

/** The composite sphere or cylinder of the box: outer radius b of the box's volume, clamped there. */
export function uniformParticleReference(dims: 2 | 3, cells: number, radiusCells: number, matrix: { youngsModulus: number; poissonRatio: number }, strain = 0.01): CompositeField & { outerRadius: number } {
  const inclusion = { youngsModulus: DIFFUSION_STRESS.youngsModulus, poissonRatio: DIFFUSION_STRESS.poissonRatio };
  const outerRadius = dims === 3 ? cells / Math.cbrt((4 * Math.PI) / 3) : cells / Math.sqrt(Math.PI);
  const spec = { inclusion, matrix, eigenstrain: strain * UNIFORM_FILLING, radius: radiusCells, outerRadius };
  return { ...(dims === 3 ? compositeSphere(spec) : compositeCylinderPlaneStrain(spec)), outerRadius };
}

export interface UniformParticleFields {
  shape: readonly number[];
  psi: ArrayLike<number>;
  /** sigma_xx, yy, zz, xy, xz, yz (the shear components only for `largest`; may be omitted) */
  stress: ArrayLike<number>[];
}

export interface UniformParticleMeasurement {
  /** sigma_xx at the centre node */
  interior: number;
  /** the matrix-side sigma_rr extrapolated to r = radius, from the nodes at r1 < r2 */
  traction: number;
  /** the matrix hoop stress at r1 */
  hoop: number;
  r1: number;
  r2: number;
  /** the largest |sigma_ij| anywhere, over the components given */
  largest: number;
}

/** Measure the fields of a run of uniformParticleScene (radius in cells). */
export function measureUniformParticle(dims: 2 | 3, fields: UniformParticleFields, radiusCells: number): UniformParticleMeasurement {
  const [nx, ny] = fields.shape;
  const nz = fields.shape[2] ?? 1;
  const at = (x: number) => x + nx * (ny / 2 + ny * (dims === 3 ? nz / 2 : 0));
  const centre = at(nx / 2);
  const [xx, yy] = fields.stress;
  // the first node on +x past the diffuse boundary, and the one two cells further
  let r1 = Math.ceil(radiusCells);
  while (r1 < nx / 2 - 3 && fields.psi[at(nx / 2 + r1)] >= 1e-3) r1++;
  const r2 = r1 + 2;
  const [s1, s2] = [xx[at(nx / 2 + r1)], xx[at(nx / 2 + r2)]];
  const B = (s1 - s2) / (r1 ** -dims - r2 ** -dims);
  const traction = s1 + B * (radiusCells ** -dims - r1 ** -dims);
  let largest = 0;
  for (const f of fields.stress) for (let i = 0; i < f.length; i++) largest = Math.max(largest, Math.abs(f[i]));
  return { interior: xx[centre], traction, hoop: yy[at(nx / 2 + r1)], r1, r2, largest };
}
