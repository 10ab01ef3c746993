/**
 * PNG snapshots of fields (`snapshots/NNNNNNNN.png`, DESIGN.md 4.2), encoded with pngjs (Node).
 *
 * The exact colour range and what the image shows go into tEXt chunks (PNG 1.2 spec, section
 * 4.2.3.1: uncompressed Latin-1 text keyed by a keyword), since the colorbar labels are rounded.
 * pngjs does not write ancillary chunks, so they are inserted after IHDR here.
 */
import pngjs from 'pngjs';
import { crc32 } from 'node:zlib';
import { renderFieldImage, type FieldImageOptions, type RgbaImage } from './fieldImage.ts';
import type { ValueRange } from './colormap.ts';

const { PNG } = pngjs;
const SIGNATURE = Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10]);
const IHDR_END = 8 + 4 + 4 + 13 + 4; // signature, IHDR length, type, data, crc

function latin1(text: string, what: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 255) throw new Error(`PNG tEXt ${what} must be Latin-1: "${text}"`);
    out[i] = code;
  }
  return out;
}

function textChunk(keyword: string, text: string): Uint8Array {
  // keyword: 1-79 printable Latin-1 characters, no leading/trailing/double spaces (PNG 1.2, 4.2.3.1)
  if (!/^[\x20-\x7e\xa1-\xff]{1,79}$/.test(keyword) || /^ | $| {2}/.test(keyword)) throw new Error(`invalid PNG tEXt keyword "${keyword}"`);
  const data = new Uint8Array([...latin1(keyword, 'keyword'), 0, ...latin1(text, 'text')]);
  const chunk = new Uint8Array(12 + data.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, data.length);
  chunk.set(latin1('tEXt', 'type'), 4);
  chunk.set(data, 8);
  view.setUint32(8 + data.length, crc32(chunk.subarray(4, 8 + data.length)));
  return chunk;
}

/** PNG bytes of an RGBA raster (row 0 = top), with `text` as tEXt chunks. */
export function encodePng(image: RgbaImage, text: Record<string, string> = {}): Uint8Array {
  if (image.data.length !== image.width * image.height * 4) {
    throw new Error(`RGBA raster of ${image.width}x${image.height} needs ${image.width * image.height * 4} bytes, got ${image.data.length}`);
  }
  const png = new PNG({ width: image.width, height: image.height });
  png.data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  const encoded = PNG.sync.write(png, { colorType: 6 });
  const chunks = Object.entries(text).map(([k, v]) => textChunk(k, v));
  const size = encoded.length + chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(size);
  out.set(encoded.subarray(0, IHDR_END), 0);
  let at = IHDR_END;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  out.set(encoded.subarray(IHDR_END), at);
  return out;
}

/** Pixels and tEXt entries of a PNG (chunk CRCs checked). */
export function decodePng(bytes: Uint8Array): { image: RgbaImage; text: Record<string, string> } {
  if (bytes.length < IHDR_END || !SIGNATURE.every((b, i) => bytes[i] === b)) throw new Error('not a PNG file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text: Record<string, string> = {};
  for (let at = 8; at + 12 <= bytes.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (at + 12 + length > bytes.length) throw new Error(`PNG chunk ${type} runs past the end of the file`);
    const crc = view.getUint32(at + 8 + length);
    if (crc32(bytes.subarray(at + 4, at + 8 + length)) !== crc) throw new Error(`PNG chunk ${type} has a bad CRC`);
    if (type === 'tEXt') {
      const data = bytes.subarray(at + 8, at + 8 + length);
      const sep = data.indexOf(0);
      text[String.fromCharCode(...data.subarray(0, sep))] = String.fromCharCode(...data.subarray(sep + 1));
    }
    at += 12 + length;
  }
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return { image: { width: png.width, height: png.height, data: new Uint8Array(png.data) }, text };
}

export interface FieldPngOptions extends FieldImageOptions {
  /** Field name recorded in the metadata ("c", "sigma_vm", ...). */
  name?: string;
  /** Further tEXt entries (e.g. step, time). */
  text?: Record<string, string>;
}

/**
 * A colormapped PNG of a field; the exact range, colormap, field name and slice are in its tEXt
 * metadata: `range_min`, `range_max` (shortest float64 text), `colormap`, `field`, `slice_z` (3D only),
 * `shape`, `Software`.
 */
export function encodeFieldPng(
  values: ArrayLike<number>,
  shape: readonly number[],
  options: FieldPngOptions = {},
): { png: Uint8Array; range: ValueRange; sliceZ: number | null } {
  const { image, range, colormap, sliceZ } = renderFieldImage(values, shape, options);
  const text: Record<string, string> = { Software: 'spinode' };
  if (options.name !== undefined) text.field = options.name;
  text.colormap = colormap;
  text.range_min = String(range.min);
  text.range_max = String(range.max);
  text.shape = shape.join(' ');
  if (sliceZ !== null) text.slice_z = String(sliceZ);
  Object.assign(text, options.text);
  return { png: encodePng(image, text), range, sliceZ };
}
