/**
 * The main parameters of a scene that the viewport lets a user change without editing JSON: the grid
 * (cells per axis; the box keeps its size, so the cell spacing changes), the temperature of an SI
 * regular-solution scene (K), the C-rate of a cycling protocol, elasticity on or off, and where a
 * composite electrode reacts (poor or mixed electronic conductor). Reading them
 * from a scene and writing them into a copy are plain functions of the JSON (no DOM), so the rules are
 * unit-tested; the scene schema then validates the result like any other scene (bad values are
 * reported by their JSON path).
 */

export interface SceneParameterValues {
  /** cells per axis */
  cells: number[];
  /** K; only for SI scenes with a regular-solution free energy */
  temperature?: number;
  /**
   * C-rate (1C fills the particle in one hour) of the first constant-current step given as a C-rate,
   * as a magnitude; the other C-rate steps scale with it and every step keeps its sign (charge or
   * discharge). Only for scenes whose protocol has such a step.
   */
  cRate?: number;
  /** elasticity on; only offered when the base scene has a model.elasticity section */
  elasticity?: boolean;
  /**
   * where a composite electrode reacts: "poor" electronic conductor (triple-phase boundary) or "mixed"
   * conductor (whole active/electrolyte interface); only for a `composite` geometry
   */
  conductor?: 'poor' | 'mixed';
}

/** What the scene offers, with the units and ranges the panel shows. */
export interface SceneParameterInfo {
  values: SceneParameterValues;
  /** length unit of the box ('m' for SI scenes, '' for dimensionless) and the box size per axis */
  lengthUnit: string;
  size: number[];
  /** the base scene has an elasticity section that can be switched on and off */
  elasticityAvailable: boolean;
}

type Json = Record<string, unknown>;

function object(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function numbers(value: unknown): number[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'number') ? (value as number[]) : undefined;
}

function constantCurrentSteps(scene: Json): Json[] {
  const steps = object(scene.protocol)?.steps;
  if (!Array.isArray(steps)) return [];
  return steps.map(object).filter((s): s is Json => s?.kind === 'constantCurrent' && typeof s.cRate === 'number');
}

/** The scene's main parameters; `base` (the scene as loaded) tells whether elasticity can be switched on. */
export function readSceneParameters(json: unknown, base: unknown = json): SceneParameterInfo {
  const scene = object(json) ?? {};
  const grid = object(scene.grid) ?? {};
  const model = object(scene.model) ?? {};
  const freeEnergy = object(model.freeEnergy) ?? {};
  const values: SceneParameterValues = { cells: [...(numbers(grid.cells) ?? [])] };
  if (scene.units === 'SI' && freeEnergy.kind === 'regularSolution' && typeof freeEnergy.temperature === 'number') values.temperature = freeEnergy.temperature;
  const first = constantCurrentSteps(scene)[0];
  if (first) values.cRate = Math.abs(first.cRate as number);
  const geometry = object(scene.geometry);
  if (geometry?.kind === 'composite' && (geometry.conductor === 'poor' || geometry.conductor === 'mixed')) values.conductor = geometry.conductor;
  const elasticityAvailable = object(object(object(base)?.model)?.elasticity) !== undefined;
  if (elasticityAvailable) values.elasticity = model.elasticity !== undefined;
  return { values, lengthUnit: scene.units === 'SI' ? 'm' : '', size: numbers(grid.size) ?? [], elasticityAvailable };
}

/**
 * Problems with values typed into the panel, each naming the parameter; the scene schema checks the
 * rest (for example that a cell count is even with prime factors 2, 3 and 5 only).
 */
export function parameterProblems(values: SceneParameterValues): string[] {
  const problems: string[] = [];
  values.cells.forEach((n, i) => {
    if (!Number.isInteger(n) || n < 8) problems.push(`grid cells along ${'xyz'[i]}: ${n} is not a whole number of at least 8`);
  });
  if (values.temperature !== undefined && !(values.temperature > 0 && Number.isFinite(values.temperature))) {
    problems.push(`temperature: ${values.temperature} K is not a positive temperature`);
  }
  if (values.cRate !== undefined && !(values.cRate > 0 && Number.isFinite(values.cRate))) {
    problems.push(`C-rate: ${values.cRate} is not positive (give the magnitude; each step keeps its sign, charge or discharge)`);
  }
  return problems;
}

/**
 * A copy of `json` with `values` written in. Elasticity switched back on restores the section of `base`
 * (the scene as loaded). Throws with the list of problems when a value is not acceptable.
 */
export function applySceneParameters(json: unknown, values: SceneParameterValues, base: unknown = json): Json {
  const problems = parameterProblems(values);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  const scene = structuredClone(object(json) ?? {}) as Json;
  const grid = (scene.grid = { ...(object(scene.grid) ?? {}) }) as Json;
  grid.cells = [...values.cells];
  const model = (scene.model = { ...(object(scene.model) ?? {}) }) as Json;
  if (values.temperature !== undefined) model.freeEnergy = { ...(object(model.freeEnergy) ?? {}), temperature: values.temperature };
  if (values.cRate !== undefined) {
    const steps = constantCurrentSteps(scene);
    const reference = Math.abs(steps[0].cRate as number);
    for (const step of steps) step.cRate = (step.cRate as number) * (values.cRate / reference);
  }
  if (values.conductor !== undefined) scene.geometry = { ...(object(scene.geometry) ?? {}), conductor: values.conductor };
  if (values.elasticity === false) delete model.elasticity;
  else if (values.elasticity === true && model.elasticity === undefined) {
    const section = object(object(object(base)?.model)?.elasticity);
    if (section) model.elasticity = structuredClone(section);
  }
  return scene;
}

/** One line saying what differs from the base values ("grid 32 x 32, 310 K, 2C, elasticity off"). */
export function describeChanges(before: SceneParameterValues, after: SceneParameterValues): string {
  const changes: string[] = [];
  if (before.cells.join() !== after.cells.join()) changes.push(`grid ${after.cells.join(' × ')}`);
  if (after.temperature !== undefined && after.temperature !== before.temperature) changes.push(`${after.temperature} K`);
  if (after.cRate !== undefined && after.cRate !== before.cRate) changes.push(`${after.cRate}C`);
  if (after.elasticity !== undefined && after.elasticity !== before.elasticity) changes.push(`elasticity ${after.elasticity ? 'on' : 'off'}`);
  if (after.conductor !== undefined && after.conductor !== before.conductor) changes.push(`${after.conductor} conductor`);
  return changes.join(', ');
}

/**
 * A scene name for the modified scene (names are lower-case letters, digits and dashes):
 * "lfp-platelet-slow" + "grid 32 × 32, 318 K, 2C" -> "lfp-platelet-slow-grid-32x32-318k-2c".
 */
export function modifiedName(name: string, changes: string): string {
  const slug = changes
    .toLowerCase()
    .replace(/ × /g, 'x')
    .replace(/(\d) k\b/g, '$1k')
    .replace(/\./g, 'p')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${name}-${slug}`;
}
