import { describe, expect, it } from 'vitest';
import { freeEnergy } from '../../../src/physics/freeEnergy.ts';
import { exteriorConvexity, mobilitySamples } from '../../../src/solver/chrExterior.ts';

// The convexified exterior of a CHR particle (src/solver/chrExterior.ts): f'(c) + B (c - 1/2) below the
// particle's surface, in units of kT (the regular solution with n = rt = 1).
const regular = (omega: number) => freeEnergy({ kind: 'regularSolution', siteDensity: 1, rt: 1, omega });
const bound = (f: ReturnType<typeof freeEnergy>, lattice: boolean, b: number) =>
  Math.max(...mobilitySamples(lattice).map(({ c, mobility }) => mobility * (f.d2f(c) + b)));

describe('the exterior free energy of a CHR particle', () => {
  it('is left alone where the free energy is convex', () => {
    expect(exteriorConvexity(regular(1.5), true)).toBe(0); // Omega < 2 kT: no miscibility gap
    expect(exteriorConvexity(regular(1.5), false)).toBe(0);
  });

  it('is the ideal solution for LiFePO4 with the lattice mobility (B = 2 Omega), at the same stabiliser bound', () => {
    const f = regular(4.5);
    const b = exteriorConvexity(f, true);
    // f'' + 2 Omega = 1 / (c (1 - c)) >= 4 kT, and M (f'' + 2 Omega) = 4 kT: 1 % above the sampled max of M f''
    expect(b).toBeGreaterThan(2 * 4.5 - 0.01);
    expect(b).toBeLessThan(2 * 4.5 + 0.01);
    expect(bound(f, true, b)).toBeLessThanOrEqual(1.01 * bound(f, true, 0) + 1e-12);
    for (const c of [0.05, 0.3, 0.5, 0.7, 0.95]) expect(f.d2f(c) + b).toBeGreaterThan(3.9);
  });

  it('makes a double well convex with margin, also where that raises the stabiliser bound', () => {
    const f = freeEnergy({ kind: 'doubleWell', rho: 5, ca: 0.3, cb: 0.7 }); // PFHub 1a: min f'' = -0.8 at c = 0.5
    const b = exteriorConvexity(f, false);
    const lowest = Math.min(...mobilitySamples(false).map(({ c }) => f.d2f(c)));
    expect(lowest).toBeCloseTo(-0.8, 6);
    // constant mobility: max f'' is at the ends of the sampled range, so any B raises it; B = -2 min f''
    expect(b).toBeCloseTo(1.6, 9);
    for (const { c } of mobilitySamples(false)) expect(f.d2f(c) + b).toBeGreaterThanOrEqual(0.8 - 1e-9);
  });
});

describe('the exterior of a CHR particle starts in equilibrium with it', () => {
  it('each exterior cell takes the c whose exterior mu equals f\'(c) of its nearest particle cell', async () => {
    const { equilibrateExterior } = await import('../../../src/solver/chrExterior.ts');
    const f = regular(4.5);
    const b = exteriorConvexity(f, true);
    // a 1D strip: particle cells (psi = 1) at c = 0.3 and 0.9, exterior cells (psi = 1e-3) nearest to either
    const psi = Float64Array.from([1, 1, 1e-3, 1e-3]);
    const nearestInside = Uint32Array.from([0, 1, 0, 1]);
    const c = equilibrateExterior(Float64Array.from([0.3, 0.9, 0.3, 0.9]), { psi, nearestInside }, f, b);
    expect(c[0]).toBe(0.3);
    expect(c[1]).toBe(0.9);
    for (const [i, n] of [[2, 0], [3, 1]]) expect(f.df(c[i]) + b * (c[i] - 0.5)).toBeCloseTo(f.df(c[n]), 9);
    // ~ the ideal solution: c = 1 / (1 + exp(-f'(c_n) / kT)); at 0.3, f' = 0.95 kT -> 0.72
    expect(c[2]).toBeCloseTo(0.72, 1);
    // a convex f leaves the state alone
    const convex = Float64Array.from([0.3, 0.9, 0.5, 0.5]);
    expect(equilibrateExterior(convex, { psi, nearestInside }, regular(1.5), 0)).toBe(convex);
  });
});
