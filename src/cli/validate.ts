/** `spinode validate SCENE`: exit 0 when the scene is valid, 2 with every problem listed otherwise. */
import { resolveScene, SceneError } from '../scene/resolve.ts';
import { applyOverride, loadSceneArgument } from './sceneArgument.ts';
import { embedMaskFile } from './maskFile.ts';
import { InputError } from './inputError.ts';
import { interfaceWarnings } from '../scene/warnings.ts';
import { isElectrodepositionScene } from '../scene/electrodepositionSchema.ts';
import { parseElectrodepositionScene } from './electrodepositionRun.ts';

export function validateCommand(sceneArg: string, options: { set?: string[] }): void {
  const { json, source } = loadSceneArgument(sceneArg);
  for (const s of options.set ?? []) applyOverride(json, s);
  embedMaskFile(json, source);
  if (isElectrodepositionScene(json)) {
    const scene = parseElectrodepositionScene(json, source);
    process.stdout.write(`${source}: valid (electrodeposition, 2D, ${scene.grid.cells.join(' x ')} cells, t_end = ${scene.time.tEnd} s)\n`);
    return;
  }
  try {
    const spec = resolveScene(json);
    for (const w of interfaceWarnings(spec)) process.stderr.write(`warning: ${w}\n`);
    process.stdout.write(`${source}: valid (${spec.dims}D, ${spec.shape.join(' x ')} cells, t_end = ${spec.scene.time.tEnd} ${spec.scene.units === 'SI' ? 's' : '(model units)'})\n`);
  } catch (e) {
    if (e instanceof SceneError) throw new InputError(`${source}: invalid scene:\n  ${e.lines().join('\n  ')}`);
    throw e;
  }
}
