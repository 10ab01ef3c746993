/**
 * The `checkpoint/state.json` format (pure): run metadata plus the table of contents of
 * `fields.bin` (name, byte offset, length and CRC-32 of each raw little-endian float32 array).
 * `checkpoint.ts` does the file work.
 */
import { z } from 'zod';

export const CHECKPOINT_FORMAT = 'spinode-checkpoint';
export const CHECKPOINT_FORMAT_VERSION = 1;
export const FIELDS_FILE = 'fields.bin';
export const STATE_FILE = 'state.json';

/** What the solver needs besides the fields to continue a run bit-identically. */
export interface CheckpointMeta {
  step: number;
  /** Simulated time, in the scene's units. */
  time: number;
  /** The next time step the controller would take (0 for a finished run). */
  dt: number;
  /** `sceneHash()` of the resolved scene, checked on resume. */
  sceneHash: string;
  /** Time-step controller / protocol state (JSON; numbers round-trip exactly through JSON text). */
  controller: Record<string, unknown>;
}

export interface FieldEntry {
  name: string;
  dtype: 'float32';
  byteOrder: 'little';
  /** Byte offset in fields.bin. */
  offset: number;
  /** Number of values. */
  length: number;
  /** CRC-32 (ISO-HDLC, as zlib) of the field's bytes, 8 hex digits. */
  crc32: string;
}

export interface CheckpointState extends CheckpointMeta {
  format: typeof CHECKPOINT_FORMAT;
  formatVersion: typeof CHECKPOINT_FORMAT_VERSION;
  writtenAt: string;
  fieldsFile: typeof FIELDS_FILE;
  fieldsByteLength: number;
  fields: FieldEntry[];
}

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const nonNegativeInt = z.number().int().nonnegative();

const fieldEntrySchema = z.object({
  name: z.string().regex(FIELD_NAME),
  dtype: z.literal('float32'),
  byteOrder: z.literal('little'),
  offset: nonNegativeInt,
  length: nonNegativeInt,
  crc32: z.string().regex(/^[0-9a-f]{8}$/),
});

const stateSchema = z.object({
  format: z.literal(CHECKPOINT_FORMAT),
  formatVersion: z.literal(CHECKPOINT_FORMAT_VERSION),
  writtenAt: z.string(),
  step: nonNegativeInt,
  time: z.number(),
  dt: z.number().nonnegative(),
  sceneHash: z.string().min(1),
  controller: z.record(z.string(), z.unknown()),
  fieldsFile: z.literal(FIELDS_FILE),
  fieldsByteLength: nonNegativeInt,
  fields: z.array(fieldEntrySchema),
});

/** Offsets of `fields` packed one after another (float32 only, so every offset is 4-aligned). */
export function layoutFields(fields: ReadonlyArray<readonly [string, Float32Array]>): { entries: Omit<FieldEntry, 'crc32'>[]; byteLength: number } {
  let offset = 0;
  const seen = new Set<string>();
  const entries = fields.map(([name, values]) => {
    if (!FIELD_NAME.test(name)) throw new Error(`checkpoint field name "${name}" must match ${FIELD_NAME}`);
    if (seen.has(name)) throw new Error(`checkpoint field "${name}" given twice`);
    seen.add(name);
    if (!(values instanceof Float32Array)) throw new Error(`checkpoint field "${name}" must be a Float32Array`);
    const entry = { name, dtype: 'float32' as const, byteOrder: 'little' as const, offset, length: values.length };
    offset += values.byteLength;
    return entry;
  });
  return { entries, byteLength: offset };
}

/** Check the metadata the solver hands in before anything is written. */
export function validateMeta(meta: CheckpointMeta): void {
  const problems: string[] = [];
  if (!Number.isInteger(meta.step) || meta.step < 0) problems.push(`step must be a non-negative integer (got ${meta.step})`);
  if (!Number.isFinite(meta.time)) problems.push(`time must be finite (got ${meta.time})`);
  if (!(Number.isFinite(meta.dt) && meta.dt >= 0)) problems.push(`dt must be finite and >= 0 (got ${meta.dt})`);
  if (typeof meta.sceneHash !== 'string' || meta.sceneHash === '') problems.push('sceneHash must be a non-empty string');
  // JSON turns NaN/Infinity into null: refuse them rather than resume from a different state.
  const walk = (v: unknown, path: string): void => {
    if (typeof v === 'number' && !Number.isFinite(v)) problems.push(`${path} is ${v}, which JSON cannot hold`);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
  };
  walk(meta.controller, 'controller');
  if (problems.length) throw new Error(`checkpoint metadata: ${problems.join('; ')}`);
}

/** Parse and check state.json text; `label` (the file's path) starts every error message. */
export function parseCheckpointState(text: string, label: string): CheckpointState {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${label}: not valid JSON (${(e as Error).message}); the checkpoint is corrupt`);
  }
  const result = stateSchema.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`${label}: ${issues.join('; ')}`);
  }
  const state = result.data as CheckpointState;
  let end = 0;
  for (const f of state.fields) {
    if (f.offset !== end) throw new Error(`${label}: field "${f.name}" starts at byte ${f.offset}, expected ${end}`);
    end += 4 * f.length;
  }
  if (end !== state.fieldsByteLength) throw new Error(`${label}: fields add up to ${end} bytes, fieldsByteLength says ${state.fieldsByteLength}`);
  return state;
}
