/**
 * Atomic checkpoints (Node): a directory `checkpoint/` holding `state.json` (metadata and the table of
 * contents, see checkpointState.ts) and `fields.bin` (raw little-endian float32 arrays).
 *
 * Writing never touches the current checkpoint until the new one is complete and fsynced:
 *   1. write `checkpoint.new/` (fields.bin, then state.json), fsync both files and the directory;
 *   2. rename `checkpoint/` -> `checkpoint.old/`;
 *   3. rename `checkpoint.new/` -> `checkpoint/`, fsync the parent directory;
 *   4. delete `checkpoint.old/`.
 * POSIX has no atomic exchange of two non-empty directories, so between steps 2 and 3 there is no
 * `checkpoint/`. A crash there leaves two complete checkpoints, `.new` (verified by its checksums) and
 * `.old`; `readCheckpoint` takes `.new`, else `.old`, and the next `writeCheckpoint` renames it back.
 * A crash at any other moment leaves `checkpoint/` complete (old before step 3, new after), and a
 * half-written `.new` is ignored and later deleted. So a reader always gets one whole checkpoint,
 * never a mix.
 */
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { crc32 } from 'node:zlib';
import { fsyncDirectory, writeFileDurable } from './atomicWrite.ts';
import {
  CHECKPOINT_FORMAT,
  CHECKPOINT_FORMAT_VERSION,
  FIELDS_FILE,
  STATE_FILE,
  layoutFields,
  parseCheckpointState,
  validateMeta,
  type CheckpointMeta,
  type CheckpointState,
} from './checkpointState.ts';
import { HOST_IS_LITTLE_ENDIAN, toLittleEndianBytes } from './littleEndian.ts';

export interface Checkpoint {
  meta: CheckpointMeta;
  /** Fields by name, written in this order. */
  fields: ReadonlyMap<string, Float32Array> | ReadonlyArray<readonly [string, Float32Array]>;
}

export interface LoadedCheckpoint {
  meta: CheckpointMeta;
  /** ArrayBuffer-backed, so they can go to GPUQueue.writeBuffer as they are. */
  fields: Map<string, Float32Array<ArrayBuffer>>;
  writtenAt: string;
  /** The directory actually read: `dir`, or its `.new`/`.old` sibling after a crash mid-swap. */
  readFrom: string;
}

/** A checkpoint is missing, incomplete or corrupt; the message names the file. */
export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

/** Crash-test points: a hook that throws stops `writeCheckpoint` there, as a crash would. */
export interface CheckpointWriteHooks {
  /** After `.new` is complete and fsynced, before the current checkpoint is moved aside. */
  afterWrite?: () => void | Promise<void>;
  /** After the current checkpoint became `.old`, before `.new` takes its name. */
  afterRetire?: () => void | Promise<void>;
}

const IO_CHUNK = 64 * 1024 * 1024;

function siblings(dir: string): { dir: string; fresh: string; retired: string } {
  const d = resolve(dir);
  return { dir: d, fresh: `${d}.new`, retired: `${d}.old` };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

function crcHex(bytes: Uint8Array): string {
  let crc = 0;
  for (let at = 0; at < bytes.length; at += IO_CHUNK) crc = crc32(bytes.subarray(at, Math.min(bytes.length, at + IO_CHUNK)), crc);
  return crc.toString(16).padStart(8, '0');
}

/** Write a checkpoint to `dir` atomically (see the file comment). */
export async function writeCheckpoint(dir: string, checkpoint: Checkpoint, hooks: CheckpointWriteHooks = {}): Promise<void> {
  validateMeta(checkpoint.meta);
  const fields = [...checkpoint.fields];
  const { entries, byteLength } = layoutFields(fields);
  const paths = siblings(dir);
  await mkdir(dirname(paths.dir), { recursive: true });
  await recoverInterruptedSwap(paths);
  await rm(paths.fresh, { recursive: true, force: true });
  await mkdir(paths.fresh);

  const bytesOf = fields.map(([, values]) => toLittleEndianBytes(values));
  const handle = await open(join(paths.fresh, FIELDS_FILE), 'w');
  try {
    for (const bytes of bytesOf) {
      for (let done = 0; done < bytes.length; ) {
        const { bytesWritten } = await handle.write(bytes, done, Math.min(IO_CHUNK, bytes.length - done), null);
        done += bytesWritten;
      }
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  const { step, time, dt, sceneHash, controller } = checkpoint.meta;
  const state: CheckpointState = {
    format: CHECKPOINT_FORMAT,
    formatVersion: CHECKPOINT_FORMAT_VERSION,
    writtenAt: new Date().toISOString(),
    step,
    time,
    dt,
    sceneHash,
    controller,
    fieldsFile: FIELDS_FILE,
    fieldsByteLength: byteLength,
    fields: entries.map((e, k) => ({ ...e, crc32: crcHex(bytesOf[k]) })),
  };
  await writeFileDurable(join(paths.fresh, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`);
  await fsyncDirectory(paths.fresh);
  await hooks.afterWrite?.();

  await rm(paths.retired, { recursive: true, force: true });
  const hadCurrent = await exists(paths.dir);
  if (hadCurrent) await rename(paths.dir, paths.retired);
  await hooks.afterRetire?.();
  await rename(paths.fresh, paths.dir);
  await fsyncDirectory(dirname(paths.dir));
  if (hadCurrent) await rm(paths.retired, { recursive: true, force: true });
}

/** After a crash between the two renames, put the newest complete checkpoint back under its name. */
async function recoverInterruptedSwap(paths: ReturnType<typeof siblings>): Promise<void> {
  if (await exists(paths.dir)) return;
  for (const candidate of [paths.fresh, paths.retired]) {
    if (!(await exists(candidate))) continue;
    try {
      await loadDirectory(candidate);
    } catch {
      continue; // incomplete or corrupt: not a checkpoint to keep
    }
    await rename(candidate, paths.dir);
    await fsyncDirectory(dirname(paths.dir));
    return;
  }
}

async function loadDirectory(dir: string): Promise<LoadedCheckpoint> {
  const statePath = join(dir, STATE_FILE);
  const binPath = join(dir, FIELDS_FILE);
  let text: string;
  try {
    text = await readFile(statePath, 'utf8');
  } catch (e) {
    throw new CheckpointError(`${statePath}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let state: CheckpointState;
  try {
    state = parseCheckpointState(text, statePath);
  } catch (e) {
    throw new CheckpointError((e as Error).message);
  }
  let size: number;
  try {
    size = (await stat(binPath)).size;
  } catch (e) {
    throw new CheckpointError(`${binPath}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (size !== state.fieldsByteLength) {
    throw new CheckpointError(`${binPath}: ${size} bytes, but ${STATE_FILE} says ${state.fieldsByteLength}; the checkpoint is truncated or corrupt`);
  }
  const fields = new Map<string, Float32Array<ArrayBuffer>>();
  const handle = await open(binPath, 'r');
  try {
    for (const entry of state.fields) {
      const bytes = new Uint8Array(4 * entry.length);
      for (let done = 0; done < bytes.length; ) {
        const { bytesRead } = await handle.read(bytes, done, Math.min(IO_CHUNK, bytes.length - done), entry.offset + done);
        if (bytesRead === 0) throw new CheckpointError(`${binPath}: ends inside field "${entry.name}"`);
        done += bytesRead;
      }
      const actual = crcHex(bytes);
      if (actual !== entry.crc32) {
        throw new CheckpointError(
          `${binPath}: field "${entry.name}" fails its checksum (crc32 ${actual}, ${STATE_FILE} says ${entry.crc32}); the checkpoint is corrupt`,
        );
      }
      if (!HOST_IS_LITTLE_ENDIAN) {
        for (let i = 0; i < bytes.length; i += 4) bytes.subarray(i, i + 4).reverse();
      }
      fields.set(entry.name, new Float32Array(bytes.buffer));
    }
  } finally {
    await handle.close();
  }
  const { step, time, dt, sceneHash, controller } = state;
  return { meta: { step, time, dt, sceneHash, controller }, fields, writtenAt: state.writtenAt, readFrom: dir };
}

/**
 * Read and verify the checkpoint in `dir` (sizes and per-field CRC-32). If a crash interrupted a
 * write between its two renames, the complete checkpoint beside `dir` is read instead. Never writes.
 */
export async function readCheckpoint(dir: string): Promise<LoadedCheckpoint> {
  const paths = siblings(dir);
  if (await exists(paths.dir)) return loadDirectory(paths.dir);
  const problems: string[] = [];
  for (const candidate of [paths.fresh, paths.retired]) {
    if (!(await exists(candidate))) continue;
    try {
      return await loadDirectory(candidate);
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  throw new CheckpointError(`${paths.dir}: no checkpoint${problems.length ? ` (${problems.join('; ')})` : ''}`);
}
