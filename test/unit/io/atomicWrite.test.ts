import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../src/io/atomicWrite.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'spinode-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('writes strings, bytes and sequences of pieces, replacing the old file', async () => {
    const path = join(dir, 'run.json');
    await writeFileAtomic(path, 'old');
    await writeFileAtomic(path, ['a', new Uint8Array([98, 99]), 'd']);
    expect(readFileSync(path, 'utf8')).toBe('abcd');
    await writeFileAtomic(path, new Uint8Array([120]), { durable: false });
    expect(readFileSync(path, 'utf8')).toBe('x');
    expect(readdirSync(dir)).toEqual(['run.json']);
  });

  it('leaves the old file intact and no temporary file when writing fails half way', async () => {
    const path = join(dir, 'field.vti');
    writeFileSync(path, 'previous content');
    function* failing(): Generator<string> {
      yield 'partial new content';
      throw new Error('simulated crash while writing');
    }
    await expect(writeFileAtomic(path, failing())).rejects.toThrow('simulated crash');
    expect(readFileSync(path, 'utf8')).toBe('previous content');
    expect(readdirSync(dir)).toEqual(['field.vti']);
  });
});
