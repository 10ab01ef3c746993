/**
 * The analytic diffusion-induced stress of a sphere and a long cylinder charged at constant current
 * (src/physics/diffusionInducedStress.ts), checked against what defines it rather than against numbers
 * copied from a paper: the series solve the diffusion equation with the given surface flux and mean,
 * the stresses satisfy equilibrium with a free surface, and the long-time limits are the parabolic
 * profiles in closed form. Plus Bessel values and eigenvalues from tables (Abramowitz & Stegun 9.x, 10.x).
 */
import { describe, expect, it } from 'vitest';
import { besselJ, diffusionInducedStress, dimensionlessProfile, eigenvalues } from '../../../src/physics/diffusionInducedStress.ts';

const GEOMETRIES = ['sphere', 'cylinder'] as const;
/** dimension of the radial Laplacian: 3 for the sphere, 2 for the cylinder */
const dim = (g: (typeof GEOMETRIES)[number]) => (g === 'sphere' ? 3 : 2);

describe('diffusion-induced stress, analytic (Cheng & Verbrugge 2009 and the plane-strain cylinder)', () => {
  it('Bessel functions and the eigenvalues match tabulated values', () => {
    expect(besselJ(0, 1)).toBeCloseTo(0.7651976865579666, 14);
    expect(besselJ(1, 1)).toBeCloseTo(0.44005058574493355, 14);
    expect(besselJ(0, 10)).toBeCloseTo(-0.2459357644513483, 14);
    expect(besselJ(1, 50)).toBeCloseTo(-0.09751182812517113, 13);
    const cyl = eigenvalues('cylinder', 3);
    expect(cyl[0]).toBeCloseTo(3.8317059702075123, 12);
    expect(cyl[1]).toBeCloseTo(7.015586669815619, 12);
    expect(cyl[2]).toBeCloseTo(10.173468135062722, 12);
    const sph = eigenvalues('sphere', 2);
    expect(sph[0]).toBeCloseTo(4.493409457909064, 12);
    expect(sph[1]).toBeCloseTo(7.725251836937707, 12);
  });

  for (const g of GEOMETRIES) {
    it(`${g}: the series solve dc/dtau = lap c with unit surface flux and the Faraday mean`, () => {
      const d = dim(g);
      for (const tau of [0.01, 0.05, 0.3]) {
        // mean over the particle: d int_0^1 c x^(d-1) dx = d tau (Simpson)
        const n = 400;
        let mean = 0;
        for (let i = 0; i <= n; i++) {
          const x = i / n;
          const w = i === 0 || i === n ? 1 : i % 2 ? 4 : 2;
          mean += (w / (3 * n)) * d * dimensionlessProfile(g, x, tau).c * x ** (d - 1);
        }
        expect(mean).toBeCloseTo(d * tau, 6);
        // surface flux dc/dx (x = 1) = 1, one-sided 4th-order difference
        const h = 1e-3;
        const c = (x: number, t = tau) => dimensionlessProfile(g, x, t).c;
        const slope = (25 * c(1) - 48 * c(1 - h) + 36 * c(1 - 2 * h) - 16 * c(1 - 3 * h) + 3 * c(1 - 4 * h)) / (12 * h);
        expect(slope).toBeCloseTo(1, 5);
        // the diffusion equation inside: dc/dtau = c'' + (d - 1)/x c'
        for (const x of [0.3, 0.7]) {
          const dt = 1e-5 * tau;
          const rate = (c(x, tau + dt) - c(x, tau - dt)) / (2 * dt);
          const lap = (c(x + h) - 2 * c(x) + c(x - h)) / (h * h) + ((d - 1) / x) * ((c(x + h) - c(x - h)) / (2 * h));
          expect(Math.abs(rate - lap)).toBeLessThan(1e-4 * Math.max(1, Math.abs(rate)));
        }
      }
    });

    it(`${g}: the stresses are in equilibrium, traction-free at the surface and isotropic at the centre`, () => {
      const input = { geometry: g, radius: 5e-6, diffusivity: 1e-14, flux: 1e-5, partialMolarVolume: 3.5e-6, youngsModulus: 1e11, poissonRatio: 0.3 };
      const R = input.radius;
      const t = (0.05 * R * R) / input.diffusivity;
      const s = (r: number) => diffusionInducedStress(input, r, t);
      expect(Math.abs(s(R).sigmaR)).toBeLessThan(1e-9 * Math.abs(s(R).sigmaTheta));
      const centre = s(0);
      expect(centre.sigmaR).toBeCloseTo(centre.sigmaTheta, 0);
      expect(Math.abs(centre.sigmaR / s(1e-4 * R).sigmaR - 1)).toBeLessThan(1e-6);
      // lithiating: the shell is richer than the core, so the surface is in hoop compression and the
      // centre in tension
      expect(s(R).sigmaTheta).toBeLessThan(0);
      expect(centre.sigmaR).toBeGreaterThan(0);
      // d sigma_r / dr + (d - 1) (sigma_r - sigma_theta) / r = 0
      const d = dim(g);
      for (const r of [0.2 * R, 0.5 * R, 0.9 * R]) {
        const h = 1e-4 * R;
        const balance = (s(r + h).sigmaR - s(r - h).sigmaR) / (2 * h) + ((d - 1) * (s(r).sigmaR - s(r).sigmaTheta)) / r;
        expect(Math.abs(balance) * R).toBeLessThan(1e-6 * Math.abs(centre.sigmaR));
      }
    });

    it(`${g}: at long times the profile is the parabola and the stresses are constant`, () => {
      // c -> d tau + x^2/2 - const: the stresses stop changing; in units of K = E Omega J R / (3 (1 - nu) D)
      const input = { geometry: g, radius: 1, diffusivity: 1, flux: 1, partialMolarVolume: 3, youngsModulus: 1 - 0.25, poissonRatio: 0.25 }; // K = 1
      const late = (x: number) => diffusionInducedStress(input, x, 5);
      const later = (x: number) => diffusionInducedStress(input, x, 8);
      for (const x of [0, 0.5, 1]) {
        expect(later(x).sigmaTheta).toBeCloseTo(late(x).sigmaTheta, 12);
        expect(later(x).concentration - late(x).concentration).toBeCloseTo(dim(g) * 3, 10);
      }
      // centre: sphere sigma_r = 2 (cbar/3 - I3(0)) = 2 (tau - (tau - 1/10)) = 1/5; cylinder cbar/2 - I2(0) = 1/8
      if (g === 'sphere') {
        expect(late(0).sigmaR).toBeCloseTo(0.2, 12);
        // sigma_theta(R) = 2 cbar/3 + I3(1) - c(1) = 2 tau + (tau - 1/10 + 1/10) - (3 tau + 1/2 - 3/10) = -1/5
        expect(late(1).sigmaTheta).toBeCloseTo(-0.2, 12);
      } else {
        expect(late(0).sigmaR).toBeCloseTo(0.125, 12);
        // sigma_theta(R) = cbar/2 + I2(1) - c(1) = tau + (tau - 1/8 + 1/8) - (2 tau + 1/2 - 1/4) = -1/4
        expect(late(1).sigmaTheta).toBeCloseTo(-0.25, 12);
      }
    });
  }

  it('refuses a point outside the particle and t <= 0, naming the value', () => {
    const input = { geometry: 'sphere' as const, radius: 1e-6, diffusivity: 1e-14, flux: 1e-5, partialMolarVolume: 3e-6, youngsModulus: 1e11, poissonRatio: 0.3 };
    expect(() => diffusionInducedStress(input, 2e-6, 1)).toThrow('diffusion-induced stress: r = 0.000002 m is outside the particle (R = 0.000001 m)');
    expect(() => diffusionInducedStress(input, 0.5e-6, 0)).toThrow('diffusion-induced stress: the dimensionless time must be > 0 (got 0)');
  });
});
