/**
 * Little-endian byte views of typed arrays. Every binary format Spinode writes (VTK "binary" data,
 * checkpoint fields.bin) is little-endian by declaration; on a little-endian host (every platform
 * WebGPU runs on today) these are zero-copy views, elsewhere byte-swapped copies.
 */

export const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

type NumericArray = Float32Array | Float64Array | Uint32Array | Int32Array | Uint16Array | Int16Array;

function swapped(bytes: Uint8Array, width: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += width) for (let j = 0; j < width; j++) out[i + j] = bytes[i + width - 1 - j];
  return out;
}

/** The bytes of `array` in little-endian order (a view when the host is little-endian). */
export function toLittleEndianBytes(array: NumericArray): Uint8Array {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  return HOST_IS_LITTLE_ENDIAN ? bytes : swapped(bytes, array.BYTES_PER_ELEMENT);
}

/**
 * A Float32Array holding the little-endian float32 values in `bytes`: a fresh, aligned copy (`bytes`
 * may be a pooled Node Buffer at any offset, whose `slice()` would return a view, not a copy).
 */
export function float32FromLittleEndian(bytes: Uint8Array): Float32Array<ArrayBuffer> {
  if (bytes.length % 4 !== 0) throw new Error(`float32 data: ${bytes.length} bytes is not a multiple of 4`);
  const copy = HOST_IS_LITTLE_ENDIAN ? new Uint8Array(bytes) : swapped(bytes, 4);
  return new Float32Array(copy.buffer, copy.byteOffset, copy.length / 4);
}

/** A Float64Array holding the little-endian float64 values in `bytes` (a fresh, aligned copy). */
export function float64FromLittleEndian(bytes: Uint8Array): Float64Array<ArrayBuffer> {
  if (bytes.length % 8 !== 0) throw new Error(`float64 data: ${bytes.length} bytes is not a multiple of 8`);
  const copy = HOST_IS_LITTLE_ENDIAN ? new Uint8Array(bytes) : swapped(bytes, 8);
  return new Float64Array(copy.buffer, copy.byteOffset, copy.length / 8);
}
