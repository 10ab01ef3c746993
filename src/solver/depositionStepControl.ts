/**
 * Step-size control of the electrodeposition step (issue 21, DESIGN.md 3.2; docs/electrodeposition.md
 * "Adaptive step"). The step advances xi explicitly, xi' = xi + dt r_n, with the rate r_n of the step's
 * implicit charge balance and transport. Its local error is that of forward Euler,
 *
 *   e = (dt^2 / 2) |dr/dt| ~ (dt / 2) |r_n - r_{n-1}|        (equal steps),
 *
 * which deposition_advance.wgsl evaluates per cell; the largest over the grid is the step's estimate. The
 * control is accept-and-adapt, like the reaction steppers' (no step is taken twice): after each interval of
 * steps the next step is dt * clamp(SAFETY sqrt(tolerance / e), SHRINK_MIN, GROWTH_MAX) (first order: e ~ dt^2),
 * at most the explicit Allen-Cahn limit STABILITY_FRACTION h^2 / (2 d kappa_max L_sigma) and the scene's dtMax.
 * Intervals are not shortened to land on output times: a run ends at the first step past t_end, as a
 * fixed-step run does, so that a run continued to a later t_end takes the steps of one that never stopped.
 */
import type { ElectrodepositionScene } from '../scene/electrodepositionSchema.ts';

/** the growth of the step from one interval to the next at most, and its shrinking at most */
export const GROWTH_MAX = 2;
export const SHRINK_MIN = 0.2;
const SAFETY = 0.9;
/** the fraction of the explicit Allen-Cahn limit the step may reach */
const STABILITY_FRACTION = 0.5;

/**
 * The explicit limit of the Allen-Cahn part in seconds: dt <= h^2 / (2 d kappa_max L_sigma) on a d-dimensional
 * grid of spacing h, kappa_max = kappa0 (1 + delta) (the anisotropic gradient coefficient's largest value),
 * times STABILITY_FRACTION (the double well and the reaction's own stiffness are left to the error control).
 */
export function allenCahnStepLimit(spacing: number, dims: number, gradientCoefficient: number, anisotropyStrength: number, interfaceMobility: number): number {
  return (STABILITY_FRACTION * spacing * spacing) / (2 * dims * gradientCoefficient * (1 + anisotropyStrength) * interfaceMobility);
}

/** The largest step of a scene's run [s]: the Allen-Cahn limit above and, with the accuracy control, its dtMax. */
export function depositionStepLimit(scene: ElectrodepositionScene): number {
  const control = scene.time.control;
  const p = scene.model;
  const spacing = scene.grid.size[0] / scene.grid.cells[0];
  const limit = allenCahnStepLimit(spacing, scene.grid.cells.length, p.gradientCoefficient, p.anisotropy.strength, p.interfaceMobility);
  return control.kind === 'accuracy' && control.dtMax !== undefined ? Math.min(limit, control.dtMax) : limit;
}

/**
 * The local error the step `proposed` would make, from the kernel's value e_k = (dt / 2) |r_n - r_{n-1}| of a
 * step of size dt after one of size `before`: r_n - r_{n-1} ~ before dr/dt, so the step's own error is
 * e_k dt / before, and a step of `proposed` makes (proposed / dt)^2 of that (e ~ dt^2).
 */
export function stepEstimate(kernelEstimate: number, dt: number, before: number, proposed: number): number {
  return kernelEstimate * (dt / before) * (proposed / dt) ** 2;
}

/** The step after an interval whose last step had size dt and estimate e (NaN or undefined: no estimate yet, dt kept). */
export function nextDepositionStep(dt: number, estimate: number | undefined, tolerance: number, dtMax: number): number {
  let factor = 1;
  if (estimate !== undefined && Number.isFinite(estimate)) {
    factor = estimate > 0 ? Math.min(GROWTH_MAX, Math.max(SHRINK_MIN, SAFETY * Math.sqrt(tolerance / estimate))) : GROWTH_MAX;
  }
  return Math.min(dt * factor, dtMax);
}

/** The steps of size dt that reach `end` from `time`: the first step end at or past it (a gap below 1e-9 of a step counts as none). */
export function stepsToReach(time: number, end: number, dt: number): number {
  return Math.max(1, Math.ceil((end - time) / dt - 1e-9));
}
