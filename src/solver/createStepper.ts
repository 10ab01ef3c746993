/**
 * The choice of stepper for a scene: Cahn-Hilliard for a closed particle, Allen-Cahn-reaction for a
 * platelet with `model.reaction.mode = "acr"`, Cahn-Hilliard-reaction for a particle with a surface
 * reaction (`"chr"`). Apart from the Stepper interface (stepper.ts), which the steppers implement, so
 * that no stepper imports the module that imports it (issue 17).
 */
import type { GpuContext } from '../gpu/device.ts';
import type { PipelineCache } from '../gpu/pipelineCache.ts';
import type { Spec } from '../scene/resolve.ts';
import { electrochemistryOf } from '../scene/resolveElectrochemistry.ts';
import { CahnHilliardStepper } from './cahnHilliard.ts';
import { AllenCahnReactionStepper } from './allenCahnReaction.ts';
import { CahnHilliardReactionStepper } from './cahnHilliardReaction.ts';

/** The steppers there are (a union, so Simulation can reach a stepper's optional extras such as `elasticity`). */
export type SceneStepper = CahnHilliardStepper | AllenCahnReactionStepper | CahnHilliardReactionStepper;

export function createStepper(gpu: GpuContext, spec: Spec, cache: PipelineCache): SceneStepper {
  const ec = electrochemistryOf(spec);
  if (ec?.reaction.mode === 'acr') return new AllenCahnReactionStepper(gpu, spec, cache);
  if (ec?.reaction.mode === 'chr') return new CahnHilliardReactionStepper(gpu, spec, cache);
  return new CahnHilliardStepper(gpu, spec, cache);
}
