/**
 * `spinode sweep plan SWEEP --out DIR`: expand a sweep's design into samples, build and validate every
 * sample's scene before anything runs, and write the sweep folder:
 *
 *   DIR/plan.json             the index (src/sweep/planIndex.ts)
 *   DIR/samples.csv           the sample matrix, MOOSE CSVSampler layout
 *   DIR/sweep.json            the sweep as validated (defaults filled), for the record
 *   DIR/samples/NNNN/scene.json   the sample's resolved scene (defaults filled, --set applied)
 *   DIR/samples/NNNN/sample.json  only for an invalid sample: its problems, each naming the design row
 *                                 and the scene field (src/sweep/sampleRecord.ts)
 *
 * An invalid sample does not stop the others: it is reported (stderr, plan.json, summary.csv) and
 * skipped by `run` and `slurm`. A bad sweep file stops everything (exit 2).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { SweepSchema, type Sweep } from './sweepSchema.ts';
import { cartesianDesign } from './cartesian.ts';
import { latinHypercubeDesign } from './latinHypercube.ts';
import { csvDesign } from './csvMatrix.ts';
import type { SampleMatrix } from './sampleMatrix.ts';
import { PLAN_FILE, sampleDirName, type PlanRecord, type PlannedSample } from './planIndex.ts';
import { writeSampleRecord } from './sampleRecord.ts';
import { csvLine } from './csvCell.ts';
import { applyOverride, describeJsonError, loadSceneArgument } from '../cli/sceneArgument.ts';
import { embedMaskFile } from '../cli/maskFile.ts';
import { InputError } from '../cli/inputError.ts';
import { resolveScene, SceneError } from '../scene/resolve.ts';
import { recordedColumns, STANDARD_QUANTITY_NAMES, type QuantityDefinition } from '../scene/quantitiesSchema.ts';
import { STANDARD_QUANTITIES } from '../analysis/quantitiesOfInterest.ts';
import type { Scene } from '../scene/schema.ts';

function formatPath(path: PropertyKey[]): string {
  return path.length === 0 ? '(sweep)' : path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
}

/** Read and validate a sweep file; every problem by its JSON path (InputError, exit 2). */
export function loadSweep(file: string): Sweep {
  if (!existsSync(file)) throw new InputError(`${file}: no such sweep file`);
  const text = readFileSync(file, 'utf8').replace(/^\ufeff/, '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${file}: not valid JSON: ${describeJsonError(text, e as SyntaxError)}`);
  }
  const result = SweepSchema.safeParse(json);
  if (!result.success) throw new InputError(`${file}: invalid sweep:\n  ${result.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join('\n  ')}`);
  return result.data;
}

/** The sweep's sample matrix (the CSV file of a csv design is read relative to the sweep file). */
export function expandDesign(sweep: Sweep, sweepFile: string): SampleMatrix {
  const d = sweep.design;
  if (d.kind === 'cartesian') return cartesianDesign(sweep.parameters.map((p) => ({ path: p.path, values: p.values ?? [] })));
  if (d.kind === 'latinHypercube') return latinHypercubeDesign(sweep.parameters.map((p) => ({ path: p.path, min: p.min!, max: p.max!, scale: p.scale })), d.samples, d.seed);
  const file = isAbsolute(d.file) ? d.file : join(dirname(sweepFile), d.file);
  if (!existsSync(file)) throw new InputError(`${sweepFile}: design.file: no such file ${file}`);
  return csvDesign(readFileSync(file, 'utf8'), d.file, sweep.parameters.length > 0 ? sweep.parameters.map((p) => p.path) : undefined);
}

/** The base scene argument: a path relative to the sweep file, or a bundled name. */
function sceneArgument(sweep: Sweep, sweepFile: string): string {
  const s = sweep.scene;
  const looksLikePath = s.endsWith('.json') || s.includes('/');
  return looksLikePath && !isAbsolute(s) ? join(dirname(sweepFile), s) : s;
}

export interface BuiltSample {
  scene?: unknown;
  problems: string[];
}

/**
 * One sample's scene: the base scene, the sweep's fixed `set`, its quantity definitions, then the row's
 * values; validated as the run will read it. Problems name the row and the field.
 */
export function buildSample(base: Record<string, unknown>, sweep: Sweep, matrix: SampleMatrix, row: number): BuiltSample {
  const json = structuredClone(base);
  const origin = matrix.origin[row];
  const values = matrix.rows[row];
  const given = matrix.paths.map((p, j) => `${p} = ${JSON.stringify(values[j])}`).join(', ');
  const definitions = sweep.quantities.filter((q): q is QuantityDefinition => typeof q !== 'string');
  try {
    for (const s of sweep.set) applyOverride(json, s);
    if (definitions.length > 0) {
      const output = (json.output ??= {}) as Record<string, unknown>;
      const own = Array.isArray(output.quantities) ? (output.quantities as QuantityDefinition[]) : [];
      output.quantities = [...own.filter((q) => !definitions.some((d) => d.name === q?.name)), ...definitions];
    }
    matrix.paths.forEach((path, j) => applyOverride(json, `${path}=${JSON.stringify(values[j])}`));
  } catch (e) {
    if (e instanceof InputError) return { problems: [`${origin} (${given}): ${e.message.replace(/^--set /, '')}`] };
    throw e;
  }
  try {
    const scene = resolveScene(json).scene;
    // what the run will read is the resolved scene as JSON: it must validate as it is
    resolveScene(JSON.parse(JSON.stringify(scene)));
    return { scene, problems: [] };
  } catch (e) {
    if (e instanceof SceneError) return { problems: e.problems.map((p) => `${origin} (${given}): ${p}`) };
    throw e;
  }
}

/** Each quantity the sweep lists by name exists for its scene: a standard one whose column it records, or its own. */
function checkQuantityNames(sweep: Sweep, scene: Scene, sweepFile: string): void {
  const columns = recordedColumns(scene);
  const own = (scene.output.quantities ?? []).map((q) => q.name);
  const problems: string[] = [];
  sweep.quantities.forEach((q, i) => {
    if (typeof q !== 'string' || own.includes(q)) return;
    const standard = STANDARD_QUANTITIES.find((s) => s.name === q);
    if (!standard) problems.push(`quantities[${i}]: "${q}" is neither a standard quantity (${STANDARD_QUANTITY_NAMES.join(', ')}) nor defined here or in the scene's output.quantities`);
    else if (!columns.includes(standard.column)) problems.push(`quantities[${i}]: "${q}" comes from the column "${standard.column}", which scene "${scene.name}" does not record`);
  });
  if (problems.length > 0) throw new InputError(`${sweepFile}: invalid sweep:\n  ${problems.join('\n  ')}`);
}

export interface PlanResult {
  plan: PlanRecord;
  invalid: PlannedSample[];
}

export async function planSweep(sweepFile: string, outDir: string): Promise<PlanResult> {
  const sweep = loadSweep(sweepFile);
  const matrix = expandDesign(sweep, sweepFile);
  const { json: base, source } = loadSceneArgument(sceneArgument(sweep, sweepFile));
  embedMaskFile(base, source);
  if (existsSync(join(outDir, PLAN_FILE))) throw new InputError(`--out ${outDir}: already holds a planned sweep (${PLAN_FILE}); run it with \`spinode sweep run ${outDir}\`, or plan into another folder`);
  const count = matrix.rows.length;
  const built = matrix.rows.map((_, i) => buildSample(base, sweep, matrix, i));
  const firstValid = built.find((b) => b.scene)?.scene as Scene | undefined;
  if (firstValid) checkQuantityNames(sweep, firstValid, sweepFile);
  const samples: PlannedSample[] = built.map((b, i) => ({ index: i, dir: sampleDirName(i, count), origin: matrix.origin[i], values: matrix.rows[i], valid: b.problems.length === 0, problems: b.problems }));
  mkdirSync(outDir, { recursive: true });
  for (const [i, b] of built.entries()) {
    const dir = join(outDir, samples[i].dir);
    mkdirSync(dir, { recursive: true });
    if (b.scene) writeFileSync(join(dir, 'scene.json'), `${JSON.stringify(b.scene, null, 2)}\n`);
    else await writeSampleRecord(dir, { index: i, status: 'invalid', exitCode: 2, attempts: 0, startedAt: null, endedAt: new Date().toISOString(), wallTimeSeconds: 0, problems: b.problems });
  }
  const plan: PlanRecord = {
    format: 'spinode-sweep-plan',
    formatVersion: 1,
    name: sweep.name,
    description: sweep.description ?? null,
    sweepFile: resolve(sweepFile),
    scene: source,
    design: sweep.design,
    parameters: matrix.paths,
    logParameters: sweep.parameters.filter((p) => p.scale === 'log').map((p) => p.path),
    quantities: sweep.quantities.map((q) => (typeof q === 'string' ? q : q.name)),
    createdAt: new Date().toISOString(),
    samples,
  };
  writeFileSync(join(outDir, 'sweep.json'), `${JSON.stringify(sweep, null, 2)}\n`);
  writeFileSync(join(outDir, 'samples.csv'), [csvLine(matrix.paths), ...matrix.rows.map(csvLine)].join(''));
  // plan.json last: its presence says the folder is complete
  writeFileSync(join(outDir, PLAN_FILE), `${JSON.stringify(plan, null, 2)}\n`);
  return { plan, invalid: samples.filter((s) => !s.valid) };
}
