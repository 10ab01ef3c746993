/**
 * The fitted scene values as the optimisers see them: each bounded parameter becomes z in [0, 1],
 * linear in the value or in its logarithm (a quantity that spans decades, such as an exchange current
 * or a diffusivity, is searched with equal effort per decade, and its uncertainty comes out relative).
 * The fit coordinate u is the value (linear) or ln(value) (log); z = (u - u_min) / (u_max - u_min).
 */
import type { FitParameter } from './fitSchema.ts';

export interface BoundedParameter {
  name: string;
  path: string;
  unit: string;
  scale: 'linear' | 'log';
  min: number;
  max: number;
  initial: number;
}

export class ParameterSpace {
  readonly parameters: BoundedParameter[];

  constructor(parameters: readonly FitParameter[]) {
    this.parameters = parameters.map((p) => ({
      name: p.name ?? p.path.split('.').pop()!,
      path: p.path,
      unit: p.unit,
      scale: p.scale,
      min: p.min,
      max: p.max,
      initial: p.initial ?? (p.scale === 'log' ? Math.sqrt(p.min * p.max) : (p.min + p.max) / 2),
    }));
  }

  get size(): number {
    return this.parameters.length;
  }

  /** fit coordinate u of a value */
  toFit(i: number, value: number): number {
    return this.parameters[i].scale === 'log' ? Math.log(value) : value;
  }

  fromFit(i: number, u: number): number {
    return this.parameters[i].scale === 'log' ? Math.exp(u) : u;
  }

  /** u_max - u_min: the fit coordinate per unit of z */
  span(i: number): number {
    const p = this.parameters[i];
    return this.toFit(i, p.max) - this.toFit(i, p.min);
  }

  toNormalised(values: readonly number[]): number[] {
    return values.map((v, i) => (this.toFit(i, v) - this.toFit(i, this.parameters[i].min)) / this.span(i));
  }

  /** the values at z (z outside [0, 1] is clamped to the bounds) */
  fromNormalised(z: readonly number[]): number[] {
    return z.map((zi, i) => {
      const p = this.parameters[i];
      if (zi <= 0) return p.min;
      if (zi >= 1) return p.max;
      const value = this.fromFit(i, this.toFit(i, p.min) + zi * this.span(i));
      return Math.min(p.max, Math.max(p.min, value)); // exp(ln x) round-off must not leave the bounds
    });
  }

  /** how far z lies outside the unit box (Euclidean, normalised units; 0 inside) */
  outside(z: readonly number[]): number {
    return Math.hypot(...z.map((zi) => Math.max(0, -zi, zi - 1)));
  }

  get initialNormalised(): number[] {
    return this.toNormalised(this.parameters.map((p) => p.initial));
  }
}
