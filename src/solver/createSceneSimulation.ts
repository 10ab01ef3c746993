/**
 * The simulation of a resolved scene (src/scene/resolveSceneModel.ts): Simulation for the Cahn-Hilliard
 * family, DepositionSimulation for electrodeposition. With resolveSceneModel, the viewport's one dispatch
 * on the model.
 */
import type { GpuContext } from '../gpu/device.ts';
import type { PipelineCache } from '../gpu/pipelineCache.ts';
import type { ResolvedScene } from '../scene/resolveSceneModel.ts';
import { DepositionSimulation } from './depositionSimulation.ts';
import type { SceneSimulation } from './sceneSimulation.ts';
import { Simulation } from './simulation.ts';

export function createSceneSimulation(gpu: GpuContext, resolved: ResolvedScene, options: { cache?: PipelineCache } = {}): Promise<SceneSimulation> {
  return resolved.model === 'electrodeposition' ? DepositionSimulation.create(gpu, resolved.scene, options) : Simulation.create(gpu, resolved.spec, options);
}
