/**
 * Diffusion-induced stress of a CHR particle against the analytic solution (issue #19): the scene of the
 * comparison and the measurement of the two quantities Cheng & Verbrugge (J. Power Sources 190 (2009)
 * 453) follow in time, the radial stress at the centre and the hoop stress at the surface.
 *
 * The scene is the analytic problem on the grid: a sphere (3D) or a long cylinder (2D, plane strain) of
 * radius R in a pore (`matrix.stiffness: void`, a traction-free surface), isotropic E and nu, the
 * dilatational Vegard strain eps (c - c0) per axis, an ideal solution (omega = 0) with the lattice
 * mobility, so that M f'' = D exactly (linear diffusion), a negligible gradient energy, and a constant
 * current density through the surface from a uniform c0. The elastic feedback mu_el = -Omega sigma_h is
 * kept (it is the model), but E eps^2 is chosen 1e-4 of R T rho_s so that it changes the diffusion by less
 * than 1e-4 (the analytic solution has none).
 *
 * Measurement, float64 from the fields (x fastest, the particle centred on a node):
 *   centre  sigma_r(0) = the mean of the normal stresses sigma_xx, sigma_yy (and sigma_zz in 3D) at the
 *           centre node (equal there by symmetry);
 *   surface the hoop stress along the +x axis, sigma_yy (and sigma_zz in 3D), divided by psi: in the
 *           diffuse surface the cell's stress is psi times the particle's (Voigt-Taylor eigenstress, a void
 *           outside), so sigma_yy / psi is the particle's hoop stress; taken at r = R, where psi = 1/2
 *           (linear interpolation between the nodes around it).
 * The analytic values take R_eff = dims V / A (V = sum psi, A = sum |grad psi|, the discrete volume and
 * reactive area), so that the analytic mean concentration rises exactly as the inserted charge does, and
 * the flux J = i / F of the run's current density.
 */
import { diffusionInducedStress, type DiffusionInducedStressInput } from '../physics/diffusionInducedStress.ts';
import { FARADAY, GAS_CONSTANT } from '../physics/constants.ts';

export interface DiffusionStressSceneOptions {
  dims: 2 | 3;
  cells: number;
  /** particle radius [cells] */
  radiusCells: number;
  /** 10-90 % width of psi [cells] */
  interfaceCells: number;
  /** 10-90 % width of the elastic boundary [cells] (`matrix.interfaceCells`; default: interfaceCells) */
  elasticInterfaceCells?: number;
  /** end of the run in tau = D t / R^2 */
  tauEnd: number;
  /** J R / (D rho_s): the concentration scale of the profile in site fraction (default 0.6) */
  loading?: number;
  /** relative residual of the elastic CG solve (default 1e-5) */
  elasticTolerance?: number;
  /** time-step accuracy tolerance (default 1e-4) */
  timeTolerance?: number;
  /** largest step in tau (default: the scene's) */
  dtauMax?: number;
  /** exchange current density k0 [A/m^2] (default 0.1: Tafel kinetics, the surface rate barely depends on mu) */
  exchangeCurrent?: number;
}

/** Physical constants of the comparison scene (SI). */
export const DIFFUSION_STRESS = {
  cell: 1e-9,
  diffusivity: 1e-16,
  siteDensity: 22904,
  temperature: 298,
  youngsModulus: 1e9,
  poissonRatio: 0.3,
  /** Vegard strain per axis per unit site fraction */
  strain: 1e-3,
  initial: 0.1,
} as const;

/** The scene JSON of the comparison. */
export function diffusionStressScene(o: DiffusionStressSceneOptions): Record<string, unknown> {
  const p = DIFFUSION_STRESS;
  const R = o.radiusCells * p.cell;
  const flux = ((o.loading ?? 0.6) * p.diffusivity * p.siteDensity) / R; // mol m^-2 s^-1
  const cells = new Array<number>(o.dims).fill(o.cells);
  const RT = GAS_CONSTANT * p.temperature;
  const e = p.strain;
  return {
    name: `chr-diffusion-stress-${o.dims}d`,
    description: 'Diffusion-induced stress of a particle in a pore charged at constant current (Cheng & Verbrugge 2009)',
    units: 'SI',
    grid: { cells, size: cells.map((n) => n * p.cell) },
    geometry: { kind: 'sphere', radius: R, interfaceCells: o.interfaceCells },
    model: {
      freeEnergy: { kind: 'regularSolution', siteDensity: p.siteDensity, temperature: p.temperature, omega: 0 },
      // kappa k^2 / f'' < 1e-3 at the grid's largest k: linear diffusion
      kappa: 1e-4 * RT * p.siteDensity * p.cell * p.cell,
      mobility: { kind: 'diffusivity', diffusivity: p.diffusivity, form: 'lattice' },
      stabilizer: 0,
      reaction: {
        mode: 'chr',
        rateLaw: { kind: 'butlerVolmer', alpha: 0.5 },
        exchangeCurrent: { form: 'constant', k0: o.exchangeCurrent ?? 0.1 },
        referencePotential: 3.8,
      },
      elasticity: {
        stiffness: { kind: 'isotropic', youngsModulus: p.youngsModulus, poissonRatio: p.poissonRatio },
        eigenstrain: [e, e, e, 0, 0, 0],
        referenceConcentration: p.initial,
        matrix: { stiffness: { kind: 'void' }, ...(o.elasticInterfaceCells === undefined ? {} : { interfaceCells: o.elasticInterfaceCells }) },
        solver: { tolerance: o.elasticTolerance ?? 1e-5, maxIterations: 64 },
      },
    },
    initial: { kind: 'uniform', value: p.initial },
    time: { tEnd: (o.tauEnd * R * R) / p.diffusivity, control: { kind: 'accuracy', tolerance: o.timeTolerance ?? 1e-4, ...(o.dtauMax ? { dtMax: (o.dtauMax * R * R) / p.diffusivity } : {}) } },
    protocol: { steps: [{ kind: 'constantCurrent', currentDensity: flux * FARADAY }] },
    output: { fieldFrames: 0 },
  };
}

export interface DiffusionStressFields {
  shape: readonly number[];
  /** psi, unregularised or regularised (only its values >= 1/2 near the surface matter) */
  psi: ArrayLike<number>;
  sigmaXX: ArrayLike<number>;
  sigmaYY: ArrayLike<number>;
  sigmaZZ: ArrayLike<number>;
  /** site fraction c */
  c: ArrayLike<number>;
}

export interface DiffusionStressMeasurement {
  tau: number;
  centreRadial: number;
  surfaceHoop: number;
  analyticCentreRadial: number;
  analyticSurfaceHoop: number;
  /** measured / analytic - 1 */
  centreError: number;
  surfaceError: number;
  /** c - c0 at the centre and at r = R, measured and analytic (site fraction) */
  centreConcentration: number;
  surfaceConcentration: number;
  analyticCentreConcentration: number;
  analyticSurfaceConcentration: number;
  /** the normal traction sigma_rr at r = R (the cell's stress at psi = 1/2, not divided by psi) */
  surfaceRadial: number;
  /** largest |sigma_xx|, |sigma_yy| on the +x axis inside (psi >= 1/2): the interior stress scale */
  interiorScale: number;
}

/**
 * Measure the run's stresses at time t [s] and compare them with the analytic solution for a particle of
 * radius `radius` (R_eff) charged at `currentDensity` [A/m^2, insertion positive].
 */
export function measureDiffusionStress(dims: 2 | 3, fields: DiffusionStressFields, time: number, radius: number, currentDensity: number): DiffusionStressMeasurement {
  const p = DIFFUSION_STRESS;
  const [nx, ny] = fields.shape;
  const nz = fields.shape[2] ?? 1;
  const cx = nx / 2;
  const cy = ny / 2;
  const cz = dims === 3 ? nz / 2 : 0;
  const at = (x: number) => x + nx * (cy + ny * cz);
  const centre = at(cx);
  const normals = dims === 3 ? [fields.sigmaXX, fields.sigmaYY, fields.sigmaZZ] : [fields.sigmaXX, fields.sigmaYY];
  const centreRadial = normals.reduce((s, f) => s + f[centre], 0) / normals.length;
  const hoop = (x: number) => {
    const i = at(x);
    const sigma = dims === 3 ? 0.5 * (fields.sigmaYY[i] + fields.sigmaZZ[i]) : fields.sigmaYY[i];
    return sigma / fields.psi[i];
  };
  // the last node with psi >= 1/2 and the next one: interpolate to psi = 1/2
  let j = cx;
  while (j + 1 < nx && fields.psi[at(j + 1)] >= 0.5) j++;
  const a = fields.psi[at(j)];
  const b = fields.psi[at(j + 1)];
  const w = (a - 0.5) / (a - b);
  const surfaceHoop = (1 - w) * hoop(j) + w * hoop(j + 1);
  const surface = (f: ArrayLike<number>) => (1 - w) * f[at(j)] + w * f[at(j + 1)];
  let interiorScale = 0;
  for (let x = cx; x <= j; x++) interiorScale = Math.max(interiorScale, Math.abs(fields.sigmaXX[at(x)]), Math.abs(fields.sigmaYY[at(x)]));
  const input: DiffusionInducedStressInput = {
    geometry: dims === 3 ? 'sphere' : 'cylinder',
    radius,
    diffusivity: p.diffusivity,
    flux: currentDensity / FARADAY,
    partialMolarVolume: (3 * p.strain) / p.siteDensity,
    youngsModulus: p.youngsModulus,
    poissonRatio: p.poissonRatio,
  };
  const atCentre = diffusionInducedStress(input, 0, time);
  const atSurface = diffusionInducedStress(input, radius, time);
  const analyticCentreRadial = atCentre.sigmaR;
  const analyticSurfaceHoop = atSurface.sigmaTheta;
  return {
    tau: (p.diffusivity * time) / (radius * radius),
    centreRadial,
    surfaceHoop,
    analyticCentreRadial,
    analyticSurfaceHoop,
    centreError: centreRadial / analyticCentreRadial - 1,
    surfaceError: surfaceHoop / analyticSurfaceHoop - 1,
    centreConcentration: fields.c[centre] - p.initial,
    surfaceConcentration: surface(fields.c) - p.initial,
    analyticCentreConcentration: atCentre.concentration / p.siteDensity,
    analyticSurfaceConcentration: atSurface.concentration / p.siteDensity,
    surfaceRadial: surface(fields.sigmaXX),
    interiorScale,
  };
}
