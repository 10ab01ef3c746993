import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, sceneHash } from '../../../src/io/sceneHash.ts';

describe('scene hash', () => {
  it('is SHA-256 of the canonical JSON (sorted keys, no whitespace)', async () => {
    const scene = { grid: { cells: [64, 64], size: [1e-7, 1e-7] }, units: 'SI', material: 'LiFePO4' };
    const canonical = '{"grid":{"cells":[64,64],"size":[1e-7,1e-7]},"material":"LiFePO4","units":"SI"}';
    expect(canonicalJson(scene)).toBe(canonical);
    expect(await sceneHash(scene)).toBe(`sha256:${createHash('sha256').update(canonical).digest('hex')}`);
    expect(await sceneHash({})).toBe('sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
  });

  it('ignores key order and formatting, but not any value', async () => {
    const a = JSON.parse('{"b": {"y": 1, "x": [1, 2]}, "a": 0.1}');
    const b = JSON.parse('{"a":0.1,"b":{"x":[1,2],"y":1}}');
    expect(await sceneHash(a)).toBe(await sceneHash(b));
    expect(await sceneHash({ ...b, a: 0.1 + 1e-18 })).toBe(await sceneHash(b)); // same float64
    expect(await sceneHash({ ...b, a: 0.10000000000000002 })).not.toBe(await sceneHash(b));
    expect(await sceneHash({ ...b, b: { x: [2, 1], y: 1 } })).not.toBe(await sceneHash(b));
  });

  it('rejects values JSON cannot represent', () => {
    expect(() => canonicalJson({ a: NaN })).toThrow('not a JSON number');
    expect(() => canonicalJson({ f: () => 0 })).toThrow('cannot encode a function');
  });
});
