import { describe, expect, it } from 'vitest';
import {
  decodeBase64,
  decodeBase64Portable,
  encodeBase64,
  encodeBase64Pieces,
  encodeBase64Portable,
} from '../../../src/scene/base64.ts';

function randomBytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

describe('base64', () => {
  it('matches the RFC 4648 test vectors', () => {
    const vectors: [string, string][] = [
      ['', ''],
      ['f', 'Zg=='],
      ['fo', 'Zm8='],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg=='],
      ['fooba', 'Zm9vYmE='],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [plain, encoded] of vectors) {
      const bytes = new TextEncoder().encode(plain);
      expect(encodeBase64Portable(bytes)).toBe(encoded);
      expect(encodeBase64(bytes)).toBe(encoded);
      expect(new TextDecoder().decode(decodeBase64Portable(encoded))).toBe(plain);
      expect(new TextDecoder().decode(decodeBase64(encoded))).toBe(plain);
    }
  });

  it('portable and native codecs agree on all lengths around the 3-byte period', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = randomBytes(n * 1000 + n, n + 1);
      const text = encodeBase64Portable(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      // Buffer.equals: a byte comparison (vitest's deep equality is slow on 40k-element arrays)
      expect(Buffer.from(decodeBase64Portable(text)).equals(bytes)).toBe(true);
      expect(Buffer.from(decodeBase64(text)).equals(bytes)).toBe(true);
    }
  });

  it('rejects corrupt text instead of decoding garbage', () => {
    expect(() => decodeBase64('Zm9v!mFy')).toThrow('invalid character');
    expect(() => decodeBase64('Zm9vY')).toThrow('not a multiple of 4');
    expect(() => decodeBase64Portable('Zm=v')).toThrow('invalid character');
  });

  it('pieces joined equal the encoding of the concatenated segments, across segment boundaries', () => {
    const a = randomBytes(7, 1);
    const b = randomBytes(1000, 2);
    const c = randomBytes(2, 3);
    const all = new Uint8Array([...a, ...b, ...c]);
    for (const pieceBytes of [3, 4, 9, 30, 999, 3000]) {
      const pieces = [...encodeBase64Pieces([a, b, c], pieceBytes)];
      // every piece but the last encodes a whole number of 3-byte groups, so no padding inside
      for (const p of pieces.slice(0, -1)) expect(p).not.toContain('=');
      expect(pieces.join('')).toBe(Buffer.from(all).toString('base64'));
    }
    expect([...encodeBase64Pieces([new Uint8Array(0)])]).toEqual([]);
  });
});
