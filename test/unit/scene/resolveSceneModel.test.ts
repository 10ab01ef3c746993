/**
 * Issue 21: the one dispatch on the model (src/scene/resolveSceneModel.ts) that the viewport goes through:
 * an electrodeposition scene resolves by its own schema, the Cahn-Hilliard family by resolveScene, and a bad
 * field of either is a SceneError naming its path. The bundled li-dendrite-2d is found by name (the CLI's
 * `spinode run li-dendrite-2d`).
 */
import { describe, expect, it } from 'vitest';
import { findBundledScene } from '../../../src/scene/bundled.ts';
import { SceneError } from '../../../src/scene/resolve.ts';
import { resolveSceneModel } from '../../../src/scene/resolveSceneModel.ts';
import { loadSceneArgument } from '../../../src/cli/sceneArgument.ts';

const dendrite = () => structuredClone(findBundledScene('li-dendrite-2d')!.json) as Record<string, any>;

function problemsOf(json: unknown): string[] {
  try {
    resolveSceneModel(json);
  } catch (e) {
    if (e instanceof SceneError) return e.problems;
    throw e;
  }
  return [];
}

describe('resolveSceneModel', () => {
  it('resolves the bundled electrodeposition scene by its schema, with the defaults filled in', () => {
    const resolved = resolveSceneModel(dendrite());
    expect(resolved.model).toBe('electrodeposition');
    if (resolved.model !== 'electrodeposition') return;
    expect(resolved.scene.grid.cells).toEqual([96, 48]);
    expect(resolved.scene.grid.lateral).toBe('noFlux');
    expect(resolved.scene.model.potential).toEqual({ electrode: -0.45, electrolyte: 0 });
    expect(resolved.scene.time).toEqual({ tEnd: 0.05, dt: 3.333333e-4, control: { kind: 'fixed' } });
  });

  it('resolves a Cahn-Hilliard scene as before', () => {
    const resolved = resolveSceneModel(findBundledScene('pfhub-bm1a')!.json);
    expect(resolved.model).toBe('cahnHilliard');
    if (resolved.model === 'cahnHilliard') expect(resolved.spec.shape).toEqual([200, 200]);
  });

  it('names the bad field of an electrodeposition scene, in the paths resolveScene writes', () => {
    const negative = dendrite();
    negative.model.conductivity.electrolyte = -1;
    expect(problemsOf(negative)).toEqual(['model.conductivity.electrolyte: conductivity of the electrolyte [S/m] must be > 0']);
    const cells = dendrite();
    cells.grid.cells[1] = 1.5;
    expect(problemsOf(cells)).toEqual([expect.stringMatching(/^grid\.cells\[1\]: /)]);
    const oblong = dendrite();
    oblong.grid.size[1] *= 2;
    expect(problemsOf(oblong)).toEqual([expect.stringMatching(/^grid\.size: cells must be square/)]);
  });

  it('names the bad field of a Cahn-Hilliard scene', () => {
    const bm1a = structuredClone(findBundledScene('pfhub-bm1a')!.json) as Record<string, any>;
    bm1a.grid.cells = [200, 'x'];
    expect(problemsOf(bm1a)).toEqual([expect.stringMatching(/^grid\.cells\[1\]: /)]);
  });

  it('li-dendrite-2d is a bundled scene the CLI finds by name', () => {
    const { json, source } = loadSceneArgument('li-dendrite-2d');
    expect(source).toBe('bundled:li-dendrite-2d');
    expect(resolveSceneModel(json).model).toBe('electrodeposition');
  });
});
