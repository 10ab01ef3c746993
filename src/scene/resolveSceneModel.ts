/**
 * The one place that tells the models' scenes apart (issue 21): `model.kind === 'electrodeposition'`
 * is the electrodeposition scene (electrodepositionSchema.ts, its own schema); everything else is the
 * Cahn-Hilliard family that resolveScene (resolve.ts) validates and scales. Both kinds report a bad
 * scene the same way: a SceneError whose problems name the JSON path ("model.temperature: ...").
 */
import { ElectrodepositionSceneSchema, isElectrodepositionScene, type ElectrodepositionScene } from './electrodepositionSchema.ts';
import { formatPath, resolveScene, SceneError, type Spec } from './resolve.ts';

export type ResolvedScene = { model: 'cahnHilliard'; spec: Spec } | { model: 'electrodeposition'; scene: ElectrodepositionScene };

/** Validate an electrodeposition scene; throws SceneError with every problem ("path: message"). */
export function parseElectrodepositionSceneJson(json: unknown): ElectrodepositionScene {
  const result = ElectrodepositionSceneSchema.safeParse(json);
  if (!result.success) throw new SceneError(result.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`));
  return result.data;
}

/** Validate any scene JSON and resolve it for its model's simulation; throws SceneError naming each bad field. */
export function resolveSceneModel(json: unknown): ResolvedScene {
  if (isElectrodepositionScene(json)) return { model: 'electrodeposition', scene: parseElectrodepositionSceneJson(json) };
  return { model: 'cahnHilliard', spec: resolveScene(json) };
}
