import { resolveScene, SceneError } from '../../../src/scene/resolve.ts';

/** The problems resolveScene reports for a scene ([] when it resolves); other errors propagate. */
export function problems(json: unknown): string[] {
  try {
    resolveScene(json);
  } catch (e) {
    if (e instanceof SceneError) return e.problems;
    throw e;
  }
  return [];
}
