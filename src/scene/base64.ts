/**
 * Base64 (RFC 4648, standard alphabet, '=' padding): the encoding of a scene's inline geometry masks
 * (decoded by src/solver/geometry.ts), and of the VTK XML writer and reader. It lives in the scene layer,
 * below the solver, so that the solver imports nothing from src/io (issue 19's layering).
 *
 * Pure TypeScript so it runs in the browser as well as in Node. Where Node's `Buffer` exists the
 * native codec is used (several times faster on field-sized arrays); the portable path gives the
 * same text and is tested against it.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE_TABLE = (() => {
  const t = new Int16Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) t[ALPHABET.charCodeAt(i)] = i;
  return t;
})();

interface NodeBufferLike {
  from(a: ArrayBufferLike, offset: number, length: number): { toString(enc: 'base64'): string };
  from(s: string, enc: 'base64'): Uint8Array;
}
const NodeBuffer = (globalThis as { Buffer?: NodeBufferLike }).Buffer;

/** Base64 text of `bytes`, portable implementation (no platform codec). */
export function encodeBase64Portable(bytes: Uint8Array): string {
  const parts: string[] = [];
  // Build the text in pieces so no single string concatenation loop grows quadratically.
  const piece = 3 * 4096;
  for (let start = 0; start < bytes.length; start += piece) {
    const end = Math.min(bytes.length, start + piece);
    let s = '';
    let i = start;
    for (; i + 2 < end; i += 3) {
      const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
      s += ALPHABET[n >>> 18] + ALPHABET[(n >>> 12) & 63] + ALPHABET[(n >>> 6) & 63] + ALPHABET[n & 63];
    }
    const rest = end - i;
    if (rest === 1) {
      const n = bytes[i] << 16;
      s += `${ALPHABET[n >>> 18]}${ALPHABET[(n >>> 12) & 63]}==`;
    } else if (rest === 2) {
      const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
      s += `${ALPHABET[n >>> 18]}${ALPHABET[(n >>> 12) & 63]}${ALPHABET[(n >>> 6) & 63]}=`;
    }
    parts.push(s);
  }
  return parts.join('');
}

/** Base64 text of `bytes`. */
export function encodeBase64(bytes: Uint8Array): string {
  if (NodeBuffer) return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  return encodeBase64Portable(bytes);
}

/** Bytes of base64 `text`, portable implementation; whitespace is ignored, anything else invalid throws. */
export function decodeBase64Portable(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  if (clean.length % 4 !== 0) throw new Error(`base64: length ${clean.length} is not a multiple of 4`);
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((clean.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < clean.length; i += 4) {
    let n = 0;
    for (let j = 0; j < 4; j++) {
      const ch = clean.charCodeAt(i + j);
      let v: number;
      if (ch === 61 /* '=' */ && i + 4 === clean.length && j >= 4 - padding) v = 0;
      else {
        v = ch < 128 ? DECODE_TABLE[ch] : -1;
        if (v < 0) throw new Error(`base64: invalid character at offset ${i + j}`);
      }
      n = (n << 6) | v;
    }
    if (o < out.length) out[o++] = (n >>> 16) & 255;
    if (o < out.length) out[o++] = (n >>> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

/** Bytes of base64 `text` (strict: invalid characters or lengths throw, also on the native path). */
export function decodeBase64(text: string): Uint8Array {
  if (!NodeBuffer) return decodeBase64Portable(text);
  const clean = text.replace(/\s+/g, '');
  // Buffer.from silently skips invalid input; check the alphabet first so corrupt files fail loudly.
  if (clean.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) return decodeBase64Portable(clean);
  const decoded = NodeBuffer.from(clean, 'base64');
  // A plain Uint8Array view: Buffer's own slice() semantics (a view, not a copy) must not leak out.
  return new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.byteLength);
}

/**
 * Base64 text of the concatenation of `segments`, produced in pieces of about `pieceBytes` input
 * bytes, so arrays larger than the longest possible JS string (2^29 characters in V8) can be written
 * out piece by piece. Joining the pieces gives exactly `encodeBase64(concat(segments))`.
 */
export function* encodeBase64Pieces(segments: readonly Uint8Array[], pieceBytes = 3 << 18): Generator<string> {
  const size = Math.max(3, pieceBytes - (pieceBytes % 3));
  const scratch = new Uint8Array(size);
  let filled = 0;
  for (const seg of segments) {
    let pos = 0;
    while (pos < seg.length) {
      if (filled === 0 && seg.length - pos >= size) {
        // Whole piece inside one segment: encode a view, no copy.
        yield encodeBase64(seg.subarray(pos, pos + size));
        pos += size;
        continue;
      }
      const take = Math.min(size - filled, seg.length - pos);
      scratch.set(seg.subarray(pos, pos + take), filled);
      filled += take;
      pos += take;
      if (filled === size) {
        yield encodeBase64(scratch);
        filled = 0;
      }
    }
  }
  if (filled > 0) yield encodeBase64(scratch.subarray(0, filled));
}
