import { describe, expect, it } from 'vitest';
import { bundledScenes, findBundledScene } from '../../../src/scene/bundled.ts';
import { resolveScene, SceneError } from '../../../src/scene/resolve.ts';
import { resolveSceneModel } from '../../../src/scene/resolveSceneModel.ts';
import { problems } from './sceneProblems.ts';

const bm1a = () => structuredClone(findBundledScene('pfhub-bm1a')!.json) as Record<string, any>;

describe('bundled scenes', () => {
  it('all validate and have distinct names', () => {
    // each by its model's schema (electrodeposition scenes have their own)
    const problemsOf = (json: unknown) => {
      try {
        resolveSceneModel(json);
        return [];
      } catch (e) {
        if (e instanceof SceneError) return e.problems;
        throw e;
      }
    };
    for (const s of bundledScenes) expect(problemsOf(s.json), s.name).toEqual([]);
    expect(new Set(bundledScenes.map((s) => s.name)).size).toBe(bundledScenes.length);
  });
  it('pfhub-bm1a scales to internal units with M = 1 and keeps the physics', () => {
    const spec = resolveScene(bm1a());
    // l0 = dx = 1, e0 = rho = 5, M0 = 5  ->  t0 = l0^2 / (M0 e0) = 1/25
    expect(spec.scales.time).toBeCloseTo(1 / 25, 12);
    expect(spec.internal.kappa).toBeCloseTo(2 / 5, 12);
    expect(spec.internal.tEnd).toBeCloseTo(10000 * 25, 6);
    expect(spec.internal.freeEnergy).toEqual({ kind: 'doubleWell', rho: 1, ca: 0.3, cb: 0.7 });
  });
  it('the SI regular-solution scene has nanometre cells and O(1) internal numbers', () => {
    const spec = resolveScene(findBundledScene('lfp-regular-solution')!.json);
    expect(spec.spacing[0]).toBeCloseTo(1e-9, 20);
    expect(spec.internal.kappa).toBeGreaterThan(0.01);
    expect(spec.internal.kappa).toBeLessThan(100);
    expect(spec.internal.freeEnergy.kind).toBe('regularSolution');
  });
});

describe('PFHub benchmark 4 scenes', () => {
  const bm4 = (v: string) => structuredClone(findBundledScene(`pfhub-bm4${v}`)!.json) as Record<string, any>;
  it('are the benchmark: w a_j, kappa, M, cubic moduli (1.1x inside for c, g), h(eta) misfit, r = 20 circle or r/0.9 x 0.9r ellipse', () => {
    const a = [8.072789087, -81.24549382, 408.0297321, -1244.129167, 2444.04627, -3120.635139, 2506.663551, -1151.003178, 230.2006355];
    for (const v of ['a', 'c', 'e', 'g']) {
      const spec = resolveScene(bm4(v));
      const fe = spec.freeEnergy as { kind: 'polynomial'; coefficients: number[] };
      expect(fe.coefficients.slice(0, 2)).toEqual([0, 0]);
      fe.coefficients.slice(2).forEach((w, j) => expect(w).toBeCloseTo(0.1 * a[j], 9));
      expect([spec.kappa, spec.mobility, spec.size[0], spec.size[1]]).toEqual([0.29, 5, 400, 400]);
      const el = spec.elasticity!;
      expect([el.stiffness[0], el.stiffness[1], el.stiffness[21]]).toEqual([250, 150, 100]);
      const inside = el.stiffnessLithiated ?? el.stiffness;
      expect([inside[0], inside[1], inside[21]].map((x) => x / 1.1 ** Number(v === 'c' || v === 'g'))).toEqual([250, 150, 100].map((x) => expect.closeTo(x, 9)));
      expect(el.eigenstrain.slice(0, 3)).toEqual([0.005, 0.005, 0]);
      expect([el.interpolation, el.referenceConcentration, el.boundary.kind]).toEqual(['smoothstep', 0, 'stressFree']);
      const ic = spec.scene.initial as Record<string, any>;
      expect([ic.inside, ic.outside]).toEqual([1, 0.0065]);
      expect(ic.shape).toMatchObject(v === 'a' || v === 'c' ? { kind: 'sphere', radius: 20 } : { kind: 'ellipsoid', semiAxes: [expect.closeTo(20 / 0.9, 5), 18] });
      // the 5 nm 0.05-0.95 tanh width of the benchmark, as a 10-90 % width
      expect(ic.interfaceWidth).toBeCloseTo((5 * Math.atanh(0.8)) / Math.atanh(0.9), 3);
      expect(spec.scene.model.stabilizer).toBe('auto');
    }
  });
  it('a polynomial free energy gets the safe automatic stabiliser, 0.55 of the largest curvature (max f\'\' = 2 w a_2 at eta = 0, 1)', () => {
    const spec = resolveScene(bm4('a'));
    // (scanned from eta = 1e-4: f'' falls by 0.3 % there)
    expect(spec.stabilizer).toBeCloseTo(0.55 * 2 * 0.8072789087, 2);
    expect(resolveScene({ ...bm4('a'), time: { tEnd: 1e4, integrator: 'semiImplicitEuler' } }).stabilizer).toBeCloseTo(0.55 * 2 * 0.8072789087, 2);
    // ETDRK4 (the default) with the double well: 0.55 x 2 rho (cb - ca)^2
    expect(resolveScene(bm1a()).stabilizer).toBeCloseTo(0.55 * 1.6, 9);
    // Krogstad's stages need A >= max f'' / 1.65: 0.65
    const krogstad = resolveScene({ ...bm1a(), time: { tEnd: 1e4, etdStages: 'krogstad' } });
    expect(krogstad.etdStages).toBe('krogstad');
    expect(krogstad.stabilizer).toBeCloseTo(0.65 * 1.6, 9);
    expect(resolveScene(bm1a()).etdStages).toBe('coxMatthews');
    expect(() => resolveScene({ ...bm1a(), time: { tEnd: 1e4, integrator: 'semiImplicitEuler', etdStages: 'krogstad' } })).toThrow(
      'time.etdStages: the stages of "etdrk4" (this scene steps with "semiImplicitEuler")',
    );
    // the first-order step keeps an eighth for the double well (docs/numerics.md, "The stabiliser")
    expect(resolveScene({ ...bm1a(), time: { tEnd: 1e4, integrator: 'semiImplicitEuler' } }).stabilizer).toBeCloseTo(0.2, 9);
  });
});

describe('invalid scenes are rejected with every problem named by path', () => {
  it('lists each field error with its path and rule', () => {
    const s = bm1a();
    s.model.mobility.value = -1;
    s.initial = { kind: 'uniform', value: 1.5 };
    s.grid.colls = [1];
    expect(problems(s)).toEqual([
      'grid: Unrecognized key: "colls"',
      'model.mobility.value: mobility must be > 0',
      'initial.value: must be in [0, 1]',
    ]);
  });
  it('names values that would overflow float32 on the GPU', () => {
    const s = bm1a();
    s.model.kappa = 5e290;
    expect(problems(s)).toEqual([
      "model.kappa: 1.00e+290 in the solver's internal units is outside what float32 arithmetic can hold (1e-30 .. 1e30); check its value and unit",
      'model.freeEnergy: sets the energy-density unit e0 = 5.00',
      'grid.size: sets the length unit l0 = dx = 1.00',
    ]);
  });

  it('an absurd diffusivity is named with the time unit it implies', () => {
    const s = structuredClone(findBundledScene('lfp-regular-solution')!.json) as Record<string, any>;
    s.model.mobility.diffusivity = 1e286;
    const p = problems(s);
    expect(p[0]).toMatch(/^time\.tEnd: .* outside what float32 arithmetic can hold/);
    expect(p).toContainEqual(expect.stringMatching(/^model\.mobility\.diffusivity: sets the time unit t0 = /));
  });

  it('names the grid sizes the FFT cannot do, with the nearest one that works', () => {
    const s = bm1a();
    s.grid.cells = [200, 203];
    expect(problems(s)).toEqual(['grid.cells[1]: 203 cells: the FFT needs an even length whose only prime factors are 2, 3 and 5 (e.g. 200)']);
  });
  it('rejects a non-object and a missing section', () => {
    expect(problems('hello')[0]).toMatch(/^\(scene\): /);
    const s = bm1a();
    delete s.time;
    expect(problems(s)).toEqual(['time: Invalid input: expected object, received undefined']);
  });
});

describe('interface resolution warning', () => {
  it('PFHub BM1a: W = (cb - ca) / sqrt(2 rho (dc/2)^4 / kappa) = 4.47 cells, no warning', async () => {
    const { interfaceWidthCells, interfaceWarnings } = await import('../../../src/scene/warnings.ts');
    const spec = resolveScene(bm1a());
    expect(interfaceWidthCells(spec)).toBeCloseTo(0.4 / Math.sqrt((2 * 5 * 0.2 ** 4) / 2), 3);
    expect(interfaceWarnings(spec)).toEqual([]);
  });
  it('a 4x coarser grid warns with the fix', async () => {
    const { interfaceWarnings } = await import('../../../src/scene/warnings.ts');
    const s = bm1a();
    s.grid.cells = [50, 50];
    const [w] = interfaceWarnings(resolveScene(s));
    expect(w).toMatch(/^the phase interface is only 1\.12 cells wide .* use about 90 cells along x/);
  });
});

describe('grid.boundary', () => {
  const withBoundary = (boundary: unknown, patch: (json: Record<string, any>) => void = () => {}) => {
    const json = bm1a();
    json.grid.boundary = boundary;
    patch(json);
    return json;
  };

  it('defaults to periodic on every axis; one kind for all axes or one per axis', () => {
    expect(resolveScene(bm1a()).boundary).toEqual(['periodic', 'periodic']);
    expect(resolveScene(withBoundary('noFlux')).boundary).toEqual(['noFlux', 'noFlux']);
    expect(resolveScene(withBoundary(['noFlux', 'periodic'])).boundary).toEqual(['noFlux', 'periodic']);
    expect(resolveScene(findBundledScene('pfhub-bm1b')!.json).boundary).toEqual(['noFlux', 'noFlux']);
  });

  it('names the field of every combination the solvers cannot honour', () => {
    expect(problems(withBoundary(['noFlux']))).toEqual(['grid.boundary: needs 2 entries, one per axis of grid.cells (or one kind for all axes)']);
    expect(problems(withBoundary('wall'))[0]).toMatch(/^grid\.boundary: /);
    expect(problems(withBoundary(['periodic', 'fixed']))).toEqual([
      'grid.boundary[1]: fixed-value walls for the concentration are not supported: Cahn-Hilliard is fourth order and needs two conditions per wall; use "noFlux" (closed walls) or "periodic"',
    ]);
    expect(problems(withBoundary('noFlux', (j) => (j.model.mobility = { kind: 'diffusivity', diffusivity: 5, form: 'lattice' })))).toEqual([]);
    const elastic = findBundledScene('elastic-precipitate')!.json as Record<string, any>;
    const elasticWalls = structuredClone(elastic);
    elasticWalls.grid.boundary = 'noFlux';
    expect(problems(elasticWalls)).toContain('model.elasticity: the elastic solvers need a periodic box; walls (grid.boundary "noFlux") are not supported with elasticity yet');
    const reaction = structuredClone(findBundledScene('lfp-platelet-fast')!.json) as Record<string, any>;
    reaction.grid.boundary = ['noFlux', 'noFlux'];
    expect(problems(reaction)).toContain('model.reaction: the reaction steppers run in a periodic box; walls (grid.boundary ["noFlux","noFlux"]) need a closed Cahn-Hilliard scene (remove model.reaction or use "periodic")');
    const particle = structuredClone(findBundledScene('lfp-particle-chr')!.json) as Record<string, any>;
    particle.grid.boundary = 'noFlux';
    expect(problems(particle)).toContain('geometry: a particle geometry (smoothed boundary) sits in a periodic box; it is not supported with walls (grid.boundary "noFlux")');
  });
});

describe('model.electrostatics', () => {
  const bm6a = () => structuredClone(findBundledScene('pfhub-bm6a')!.json) as Record<string, any>;

  it('resolves PFHub 6a: internal permittivity eps / l0^2, coupling charge / e0, Poisson faces fixed / noFlux', () => {
    const spec = resolveScene(bm6a());
    expect(spec.electrostatics!.poissonBoundary).toEqual(['fixed', 'noFlux']);
    expect(spec.electrostatics!.internal.permittivity).toBeCloseTo(90 / spec.scales.length ** 2, 12);
    expect(spec.electrostatics!.internal.coupling).toBeCloseTo(0.09 / spec.scales.energyDensity, 12);
  });

  it('held potentials on two axes, or a mobile ion, go to the field solver; the ion in scene units', () => {
    const twoAxes = bm6a();
    twoAxes.model.electrostatics.faces[1] = { low: 0, high: 1 };
    const spec = resolveScene(twoAxes);
    expect(spec.electrostatics!.solver).toBe('field');
    expect(spec.electrostatics!.poissonBoundary).toEqual(['fixed', 'fixed']);
    expect(resolveScene(bm6a()).electrostatics!.solver).toBe('spectral');
    const llzo = resolveScene(findBundledScene('space-charge-llzo')!.json);
    expect(llzo.electrostatics!.solver).toBe('field');
    // q = z e nInf = 1.602e5 C/m^3, V = kT / (z e) = 25.69 mV at 298.15 K
    expect(llzo.electrostatics!.mobileIon!.charge).toBeCloseTo(1.602176634e5, 3);
    expect(llzo.electrostatics!.mobileIon!.thermalVoltage).toBeCloseTo((1.380649e-23 * 298.15) / 1.602176634e-19, 12);
    // the scene's background (charge x c0) neutralises the ion in the bulk
    expect(llzo.electrostatics!.charge * 0.1 + llzo.electrostatics!.mobileIon!.charge).toBeCloseTo(0, 6);
  });

  it('a permittivity that follows the composition goes to the field solver, in internal units', () => {
    const j = bm6a();
    j.model.electrostatics.permittivity = { atZero: 40, atOne: 90 };
    const spec = resolveScene(j);
    const l2 = spec.scales.length ** 2;
    expect(spec.electrostatics!.solver).toBe('field');
    expect(spec.electrostatics!.internal.permittivityOfC!.atZero).toBeCloseTo(40 / l2, 12);
    expect(spec.electrostatics!.internal.permittivityOfC!.atOne).toBeCloseTo(90 / l2, 12);
    // the preconditioner's reference: the geometric mean of the two phases
    expect(spec.electrostatics!.internal.permittivity).toBeCloseTo(60 / l2, 12);
    j.model.electrostatics.permittivity = { atZero: 40, atOne: -1 };
    expect(problems(j)).toEqual(['model.electrostatics.permittivity.atOne: must be > 0']);
  });

  it('names the field of every face setup it cannot solve', () => {
    const with_ = (patch: (j: Record<string, any>) => void) => {
      const j = bm6a();
      patch(j);
      return problems(j);
    };
    expect(with_((j) => (j.model.electrostatics.faces = ['insulating']))).toEqual(['model.electrostatics.faces: needs 2 entries, one per axis of grid.cells']);
    expect(with_((j) => (j.model.electrostatics.faces[1] = 'periodic'))).toEqual([
      'model.electrostatics.faces[1]: grid.boundary has walls on this axis: use "insulating" or held potentials { "low": ..., "high": ... }',
    ]);
    expect(with_((j) => (j.grid.boundary = ['noFlux', 'periodic']))).toEqual(['model.electrostatics.faces[1]: grid.boundary is periodic on this axis, so phi must be "periodic" too']);
    expect(with_((j) => (j.model.electrostatics.mobileIon = { chargeNumber: 0, density: 1, temperature: 1 }))).toEqual(['model.electrostatics.mobileIon.chargeNumber: must be a non-zero integer']);
    expect(with_((j) => (j.model.electrostatics.mobileIon = { density: -1, temperature: 1 }))).toEqual(['model.electrostatics.mobileIon.density: must be > 0']);
    expect(with_((j) => (j.model.electrostatics.charge = 0))).toEqual(['model.electrostatics.charge: must not be 0 (omit model.electrostatics for an uncharged species)']);
    expect(with_((j) => (j.model.electrostatics.faces[0].high.sine.wavevector = [0, 1, 2]))).toEqual([
      'model.electrostatics.faces[0].high.sine.wavevector: needs 2 entries, one per axis of grid.cells',
    ]);
  });
});
