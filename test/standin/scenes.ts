/** TEMPORARY development stand-in for src/scene (bundled scenes + resolveScene); removed when the real API lands. */
export interface StandinSpec {
  name: string;
  shape: number[];
  c0: number;
  noise: number;
  seed: number;
}

export class SceneError extends Error {
  override name = 'SceneError';
  constructor(readonly problems: string[]) {
    super(`invalid scene:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

export const bundledScenes: { name: string; description: string; json: unknown }[] = [
  {
    name: 'standin-spinodal-2d',
    description: 'Stand-in: spinodal decomposition of c0 = 0.5 on a 128x128 periodic grid.',
    json: { name: 'standin-spinodal-2d', grid: { cells: [128, 128] }, initial: { c0: 0.5, noise: 0.05, seed: 1 } },
  },
  {
    name: 'standin-offcritical-2d',
    description: 'Stand-in: nucleation-like droplets at c0 = 0.35 on a 96x64 grid.',
    json: { name: 'standin-offcritical-2d', grid: { cells: [96, 64] }, initial: { c0: 0.38, noise: 0.1, seed: 2 } },
  },
  {
    name: 'standin-spinodal-3d',
    description: 'Stand-in: 3D spinodal decomposition on a 32^3 periodic grid.',
    json: { name: 'standin-spinodal-3d', grid: { cells: [32, 32, 32] }, initial: { c0: 0.5, noise: 0.05, seed: 3 } },
  },
];

export function resolveScene(json: unknown): StandinSpec {
  const problems: string[] = [];
  const o = (json ?? {}) as { name?: unknown; grid?: { cells?: unknown }; initial?: { c0?: unknown; noise?: unknown; seed?: unknown } };
  const cells = o.grid?.cells;
  if (!Array.isArray(cells) || (cells.length !== 2 && cells.length !== 3) || !cells.every((n) => Number.isInteger(n) && n >= 4 && n <= 512)) {
    problems.push('grid.cells: expected 2 or 3 integers in [4, 512]');
  }
  const c0 = o.initial?.c0 ?? 0.5;
  if (typeof c0 !== 'number' || c0 < 0 || c0 > 1) problems.push('initial.c0: expected a number in [0, 1]');
  if (problems.length) throw new SceneError(problems);
  return {
    name: typeof o.name === 'string' ? o.name : 'unnamed',
    shape: cells as number[],
    c0: c0 as number,
    noise: typeof o.initial?.noise === 'number' ? o.initial.noise : 0.05,
    seed: typeof o.initial?.seed === 'number' ? o.initial.seed : 1,
  };
}
