import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CheckpointError, readCheckpoint, writeCheckpoint, type Checkpoint } from '../../../src/io/checkpoint.ts';
import { parseCheckpointState } from '../../../src/io/checkpointState.ts';

let root: string;
let dir: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'spinode-ckpt-'));
  dir = join(root, 'checkpoint');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Float32 values from raw random bits: every NaN payload, denormal and -0 must come back exactly. */
function randomBits(n: number, seed: number): Float32Array {
  const bits = new Uint32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) bits[i] = s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
  return new Float32Array(bits.buffer);
}

function sameBits(a: Float32Array, b: Float32Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

function checkpointAt(step: number): Checkpoint {
  return {
    meta: {
      step,
      time: step * 0.1 + 0.2,
      dt: 1 / 3,
      sceneHash: 'sha256:abc',
      controller: { kind: 'energy', alpha: 1e-7, history: [0.1, 0.2 + step], nested: { rejected: 2 } },
    },
    fields: new Map([
      ['c', randomBits(1000, step + 1)],
      ['mu', randomBits(17, step + 2)],
      ['empty', new Float32Array(0)],
    ]),
  };
}

async function expectHolds(step: number): Promise<void> {
  const loaded = await readCheckpoint(dir);
  const expected = checkpointAt(step);
  expect(loaded.meta).toEqual(expected.meta);
  expect([...loaded.fields.keys()]).toEqual(['c', 'mu', 'empty']);
  for (const [name, values] of expected.fields as Map<string, Float32Array>) expect(sameBits(loaded.fields.get(name)!, values)).toBe(true);
}

const crash = () => {
  throw new Error('simulated crash');
};

describe('checkpoint format', () => {
  it('round-trips fields bit for bit and metadata exactly', async () => {
    await writeCheckpoint(dir, checkpointAt(7));
    await expectHolds(7);
    expect(readdirSync(dir).sort()).toEqual(['fields.bin', 'state.json']);
    const state = parseCheckpointState(readFileSync(join(dir, 'state.json'), 'utf8'), 'state.json');
    expect(state.formatVersion).toBe(1);
    expect(state.fields.map((f) => [f.name, f.offset, f.length])).toEqual([
      ['c', 0, 1000],
      ['mu', 4000, 17],
      ['empty', 4068, 0],
    ]);
    // fields.bin is the raw little-endian float32 arrays back to back
    const bin = readFileSync(join(dir, 'fields.bin'));
    expect(bin.length).toBe(4068);
    expect(bin.readFloatLE(4000)).toBe((checkpointAt(7).fields as Map<string, Float32Array>).get('mu')![0]);
  });

  it('replaces an older checkpoint and leaves nothing beside it', async () => {
    await writeCheckpoint(dir, checkpointAt(1));
    await writeCheckpoint(dir, checkpointAt(2));
    await expectHolds(2);
    expect(readdirSync(root)).toEqual(['checkpoint']);
  });

  it('refuses metadata JSON cannot hold and bad field names, before writing anything', async () => {
    const bad = checkpointAt(1);
    await expect(writeCheckpoint(dir, { ...bad, meta: { ...bad.meta, time: NaN } })).rejects.toThrow('time must be finite');
    await expect(writeCheckpoint(dir, { ...bad, meta: { ...bad.meta, controller: { x: { y: Infinity } } } })).rejects.toThrow(
      'controller.x.y is Infinity',
    );
    await expect(writeCheckpoint(dir, { ...bad, fields: [['c c', new Float32Array(1)]] })).rejects.toThrow('field name "c c"');
    expect(existsSync(dir)).toBe(false);
  });
});

describe('checkpoint atomicity (simulated crashes)', () => {
  it('a crash after writing, before the rename, leaves the old checkpoint loadable', async () => {
    await writeCheckpoint(dir, checkpointAt(1));
    await expect(writeCheckpoint(dir, checkpointAt(2), { afterWrite: crash })).rejects.toThrow('simulated crash');
    await expectHolds(1);
    await writeCheckpoint(dir, checkpointAt(3)); // the next write cleans up
    await expectHolds(3);
    expect(readdirSync(root)).toEqual(['checkpoint']);
  });

  it('a crash between the two renames still loads the new checkpoint, and the next write repairs the layout', async () => {
    await writeCheckpoint(dir, checkpointAt(1));
    await expect(writeCheckpoint(dir, checkpointAt(2), { afterRetire: crash })).rejects.toThrow('simulated crash');
    expect(existsSync(dir)).toBe(false);
    const loaded = await readCheckpoint(dir);
    expect(loaded.meta.step).toBe(2);
    expect(loaded.readFrom).toBe(`${dir}.new`);
    await writeCheckpoint(dir, checkpointAt(4));
    await expectHolds(4);
    expect(readdirSync(root)).toEqual(['checkpoint']);
  });

  it('a half-written new checkpoint is ignored, also when only the old one is complete', async () => {
    await writeCheckpoint(dir, checkpointAt(1));
    mkdirSync(`${dir}.new`);
    writeFileSync(`${dir}.new/fields.bin`, new Uint8Array(100)); // crash while writing fields.bin: no state.json yet
    await expectHolds(1);
    // the same, caught between the renames with a damaged .new: the retired old checkpoint is used
    cpSync(dir, `${dir}.old`, { recursive: true });
    rmSync(dir, { recursive: true });
    expect((await readCheckpoint(dir)).readFrom).toBe(`${dir}.old`);
    await writeCheckpoint(dir, checkpointAt(5));
    await expectHolds(5);
    expect(readdirSync(root)).toEqual(['checkpoint']);
  });

  it('a crash during the very first checkpoint leaves no checkpoint, said plainly', async () => {
    await expect(writeCheckpoint(dir, checkpointAt(1), { afterRetire: crash })).rejects.toThrow('simulated crash');
    expect((await readCheckpoint(dir)).meta.step).toBe(1); // .new was complete
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root);
    await expect(readCheckpoint(dir)).rejects.toThrow(`${dir}: no checkpoint`);
  });
});

describe('checkpoint corruption is reported with the file name', () => {
  beforeEach(async () => {
    await writeCheckpoint(dir, checkpointAt(1));
  });

  it('a flipped byte in fields.bin fails the field checksum', async () => {
    const bin = readFileSync(join(dir, 'fields.bin'));
    bin[4001] ^= 0x10; // inside "mu"
    writeFileSync(join(dir, 'fields.bin'), bin);
    const error = await readCheckpoint(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as Error).message).toMatch(/checkpoint\/fields\.bin: field "mu" fails its checksum \(crc32 [0-9a-f]{8}, state\.json says [0-9a-f]{8}\)/);
  });

  it('a truncated fields.bin is caught by its size', async () => {
    truncateSync(join(dir, 'fields.bin'), 4000);
    await expect(readCheckpoint(dir)).rejects.toThrow(/fields\.bin: 4000 bytes, but state\.json says 4068/);
  });

  it('a damaged or inconsistent state.json names state.json', async () => {
    const path = join(dir, 'state.json');
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.slice(0, 50));
    await expect(readCheckpoint(dir)).rejects.toThrow(/checkpoint\/state\.json: not valid JSON/);
    writeFileSync(path, text.replace('"formatVersion": 1', '"formatVersion": 9'));
    await expect(readCheckpoint(dir)).rejects.toThrow(/checkpoint\/state\.json: formatVersion/);
    writeFileSync(path, text.replace('"offset": 4000', '"offset": 4004'));
    await expect(readCheckpoint(dir)).rejects.toThrow(/state\.json: field "mu" starts at byte 4004, expected 4000/);
    rmSync(path);
    await expect(readCheckpoint(dir)).rejects.toThrow(/checkpoint\/state\.json: cannot read \(ENOENT\)/);
  });
});

describe('large fields', () => {
  it('are written and read in chunks without losing bytes at chunk edges', async () => {
    const n = 17 * 1024 * 1024 + 3; // 68 MiB: crosses the 64 MiB I/O chunk
    const big = new Float32Array(n);
    for (let i = 0; i < n; i += 4099) big[i] = i;
    big[n - 1] = -1;
    await writeCheckpoint(dir, { meta: checkpointAt(0).meta, fields: [['small', new Float32Array([1, 2])], ['c', big]] });
    const loaded = await readCheckpoint(dir);
    expect(sameBits(loaded.fields.get('c')!, big)).toBe(true);
    expect([...loaded.fields.get('small')!]).toEqual([1, 2]);
  });
});
