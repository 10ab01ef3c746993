/**
 * The viewport's one door to the scene and solver layers: everything it uses from them is imported
 * here, so the rest of src/viewport depends on this small surface only.
 *
 * TEMPORARY: points at the development stand-in in test/standin until src/solver/simulation.ts lands.
 */
export { Simulation } from '../../test/standin/simulation.ts';
export { bundledScenes, resolveScene, SceneError } from '../../test/standin/scenes.ts';
import type { Simulation } from '../../test/standin/simulation.ts';

export type Observables = NonNullable<Simulation['latest']>;
