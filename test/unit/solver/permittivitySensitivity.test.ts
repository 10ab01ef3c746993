import { describe, expect, it } from 'vitest';
import { permittivitySensitivity, solveFieldPoisson, type FieldPoissonBox } from '../../../src/solver/fieldPoissonReference.ts';

/**
 * A composition-dependent permittivity adds -eps'(c) dE/d eps to the chemical potential. Checked here as
 * the derivative of the electrostatic energy itself: with grounded and insulating faces,
 * W(c) = (1/2) sum rho phi = max_phi [sum rho phi - E(phi)], so dW/dc_i = q phi_i - eps'(c_i) dE/d eps_i,
 * compared with a central difference of W in float64 (each W a converged finite-volume solve).
 */
describe('the chemical potential of a composition-dependent permittivity', () => {
  const box: FieldPoissonBox = { shape: [10, 8], lengths: [2.5, 2], boundary: ['fixed', 'noFlux'] };
  const cells = 80;
  const q = 0.7;
  const eps = (c: number) => 2 + 4 * c; // eps' = 4
  const composition = Float64Array.from({ length: cells }, (_, i) => 0.5 + 0.3 * Math.sin(1.7 * i) * Math.cos(0.3 * i));

  const solve = (c: Float64Array) => {
    const permittivity = Float64Array.from(c, eps);
    const phi = solveFieldPoisson({ box, permittivity, fixedCharge: Float64Array.from(c, (x) => q * x) }, { tolerance: 1e-14 });
    return { permittivity, phi };
  };
  const energy = (c: Float64Array) => {
    const { phi } = solve(c);
    return 0.5 * c.reduce((s, x, i) => s + q * x * phi[i], 0);
  };

  it('equals the derivative of the field energy, cell by cell (1e-6)', () => {
    const { permittivity, phi } = solve(composition);
    const sensitivity = permittivitySensitivity(box, permittivity, phi);
    const h = 1e-5;
    let worst = 0;
    let scale = 0;
    for (const i of [0, 9, 13, 37, 42, 70, 79]) {
      const up = Float64Array.from(composition);
      const down = Float64Array.from(composition);
      up[i] += h;
      down[i] -= h;
      const numeric = (energy(up) - energy(down)) / (2 * h);
      const analytic = q * phi[i] - 4 * sensitivity[i];
      worst = Math.max(worst, Math.abs(numeric - analytic));
      scale = Math.max(scale, Math.abs(analytic), 4 * sensitivity[i]);
    }
    expect(scale).toBeGreaterThan(0);
    expect(worst / scale).toBeLessThan(1e-6);
  });

  it('without the permittivity term the derivative is off: the term matters here', () => {
    const { permittivity, phi } = solve(composition);
    const sensitivity = permittivitySensitivity(box, permittivity, phi);
    const i = 42;
    const h = 1e-5;
    const up = Float64Array.from(composition);
    const down = Float64Array.from(composition);
    up[i] += h;
    down[i] -= h;
    const numeric = (energy(up) - energy(down)) / (2 * h);
    expect(Math.abs(numeric - q * phi[i])).toBeGreaterThan(100 * Math.abs(numeric - (q * phi[i] - 4 * sensitivity[i])));
  });
});
