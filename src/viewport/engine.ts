/**
 * The viewport's one door to the scene and solver layers: everything it uses from them is imported
 * here, so the rest of src/viewport depends on this small surface only.
 */
import type { Simulation } from '../solver/simulation.ts';

export { Simulation, SimulationFailure } from '../solver/simulation.ts';
export type { Observables } from '../solver/simulation.ts';
export { resolveScene, SceneError } from '../scene/resolve.ts';
export { bundledScenes, DEFAULT_SCENE } from '../scene/bundled.ts';

/** Names of the fields a simulation can hand out as GPU buffers. */
export type FieldName = Parameters<Simulation['fieldBuffer']>[0];
