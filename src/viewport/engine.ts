/**
 * The viewport's one door to the scene and solver layers: everything it uses from them is imported
 * here, so the rest of src/viewport depends on this small surface only.
 */
export { Simulation, SimulationFailure } from '../solver/simulation.ts';
export type { FieldName, Observables } from '../solver/simulation.ts';
export type { SceneSimulation, SimulationModel } from '../solver/sceneSimulation.ts';
export { createSceneSimulation } from '../solver/createSceneSimulation.ts';
export { SceneError } from '../scene/resolve.ts';
export { resolveSceneModel } from '../scene/resolveSceneModel.ts';
export { bundledScenes, DEFAULT_SCENE } from '../scene/bundled.ts';
export { elasticIndicator } from '../solver/geometry.ts';
