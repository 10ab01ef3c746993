/** Small scenes for the solver's GPU tests (dimensionless, double well of PFHub BM1 unless changed). */
export function testScene(overrides: {
  cells?: number[];
  size?: number[];
  freeEnergy?: unknown;
  initial?: unknown;
  control?: unknown;
  tEnd?: number;
  stabilizer?: number | 'auto';
  kappa?: number;
  mobility?: unknown;
  /** grid.boundary (default: periodic) */
  boundary?: unknown;
}): Record<string, unknown> {
  const cells = overrides.cells ?? [32, 24];
  return {
    name: 'gpu-test',
    description: 'test scene',
    units: 'dimensionless',
    grid: { cells, size: overrides.size ?? cells, ...(overrides.boundary !== undefined ? { boundary: overrides.boundary } : {}) },
    model: {
      freeEnergy: overrides.freeEnergy ?? { kind: 'doubleWell', rho: 5, ca: 0.3, cb: 0.7 },
      kappa: overrides.kappa ?? 2,
      mobility: overrides.mobility ?? { kind: 'constant', value: 5 },
      stabilizer: overrides.stabilizer ?? 'auto',
    },
    initial: overrides.initial ?? { kind: 'noise', mean: 0.5, amplitude: 0.05, seed: 11 },
    // the first-order step, whose discrete factors and twin these tests check (etdrk4.test.ts: ETDRK4)
    time: { tEnd: overrides.tEnd ?? 1e9, integrator: 'semiImplicitEuler', control: overrides.control ?? { kind: 'accuracy', tolerance: 1e-3 } },
  };
}
