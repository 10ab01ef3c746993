/**
 * `geometry.file` of a voxel-mask particle: the command line reads the raw uint8 file (a path relative
 * to the scene file, or to the working directory for a bundled scene) and embeds its bytes as
 * `geometry.data` (base64), so the resolved scene in run.json is self-contained and its hash covers the
 * mask. Checked before any GPU work; problems name the field.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { encodeBase64 } from '../scene/base64.ts';
import { InputError } from './inputError.ts';

/** Largest mask file read (a 1024^3 grid of bytes). */
const MAX_MASK_BYTES = 1024 ** 3;

export function embedMaskFile(json: Record<string, unknown>, source: string): void {
  const geometry = json.geometry as Record<string, unknown> | undefined;
  if (geometry?.kind !== 'mask' || typeof geometry.file !== 'string' || geometry.data !== undefined) return;
  const base = source.startsWith('bundled:') ? process.cwd() : dirname(resolve(source));
  const path = isAbsolute(geometry.file) ? geometry.file : resolve(base, geometry.file);
  if (!existsSync(path) || !statSync(path).isFile()) throw new InputError(`geometry.file: ${path}: no such file`);
  const size = statSync(path).size;
  if (size > MAX_MASK_BYTES) throw new InputError(`geometry.file: ${path} has ${size} bytes, more than a mask of 1024^3 voxels`);
  const cells = Array.isArray(geometry.cells) ? (geometry.cells as unknown[]) : [];
  const expected = cells.every((n) => Number.isInteger(n) && (n as number) > 0) && cells.length > 0 ? (cells as number[]).reduce((a, b) => a * b, 1) : undefined;
  if (expected !== undefined && size !== expected) {
    throw new InputError(`geometry.file: ${path} has ${size} bytes, geometry.cells [${cells.join(', ')}] needs ${expected} (one uint8 per voxel, x fastest)`);
  }
  geometry.data = encodeBase64(new Uint8Array(readFileSync(path)));
}
