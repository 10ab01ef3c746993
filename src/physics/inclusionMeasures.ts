/**
 * Measures of a computed stress field around a centred disc inclusion (2D, plane strain) against a
 * composite-cylinder reference (src/physics/eshelby.ts), as the high-contrast targets of the elasticity
 * issue define them: the interior mean sigma_xx over r < a/2, the worst pointwise deviation of sigma_xx
 * over r < 0.8 a, the hoop stress averaged over the ring 1.15 a <= r <= 1.35 a against the same average
 * of the analytic field, and the peak hoop tension outside the inclusion against sigma_thth(a+).
 * Grid nodes sit at x = i h with h = 1 and the disc centre at (nx/2, ny/2).
 */
import type { CompositeField } from './eshelby.ts';

export interface DiscMeasurements {
  interiorMean: number;
  interiorError: number;
  pointwiseError: number;
  ringHoop: number;
  ringHoopReference: number;
  hoopError: number;
  peakHoop: number;
  peakHoopRatio: number;
}

/** `stress`: 6 component blocks (xx, yy, zz, yz, xz, xy) of nx * ny values. */
export function discMeasurements(stress: ArrayLike<number>, shape: readonly number[], a: number, ref: CompositeField): DiscMeasurements {
  const [nx, ny] = shape;
  const cells = nx * ny;
  let sum = 0;
  let count = 0;
  let worst = 0;
  let ring = 0;
  let ringRef = 0;
  let ringCount = 0;
  let peak = -Infinity;
  for (let j = 0; j < ny; j++)
    for (let i = 0; i < nx; i++) {
      const x = i - nx / 2;
      const y = j - ny / 2;
      const r = Math.hypot(x, y);
      const idx = i + nx * j;
      const sxx = stress[idx];
      if (r < a / 2) {
        sum += sxx;
        count++;
      }
      if (r < 0.8 * a) worst = Math.max(worst, Math.abs(sxx / ref.interiorStress - 1));
      if (r >= a) {
        const c = x / r;
        const s = y / r;
        const hoop = stress[cells + idx] * c * c + sxx * s * s - 2 * stress[5 * cells + idx] * s * c;
        if (r <= 1.35 * a && r >= 1.15 * a) {
          ring += hoop;
          ringRef += ref.hoopStress(r);
          ringCount++;
        }
        if (r < 2 * a) peak = Math.max(peak, hoop);
      }
    }
  const interiorMean = sum / count;
  return {
    interiorMean,
    interiorError: interiorMean / ref.interiorStress - 1,
    pointwiseError: worst,
    ringHoop: ring / ringCount,
    ringHoopReference: ringRef / ringCount,
    hoopError: ring / ringRef - 1,
    peakHoop: peak,
    peakHoopRatio: peak / ref.hoopStress(a),
  };
}
