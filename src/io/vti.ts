/**
 * VTK XML ImageData (.vti) writer and reader (DESIGN.md section 4.2, `fields/NNNNNNNN.vti`).
 *
 * Format: "VTK File Formats", VTK User's Guide, section "XML File Formats" (Kitware). Data arrays are
 * written inline in the "binary" format: for each array, the little-endian byte count (a UInt32
 * header, or UInt64 when an array has 4 GiB or more) followed by the raw little-endian values, the
 * two base64-encoded as one stream (what vtkXMLWriter itself writes for uncompressed inline data).
 * The file stays valid XML text, so it can be built and checked in the browser and by plain text
 * tools; docs/outputs.md says why this and not raw appended data.
 *
 * Grid convention: point data in x-fastest order, index = x + nx * (y + ny * z); a 2D grid is written
 * with nz = 1. Origin 0 0 0, Spacing = the grid spacing (DESIGN.md 4.2).
 */
import { decodeBase64, encodeBase64Pieces } from '../scene/base64.ts';
import { float32FromLittleEndian, float64FromLittleEndian, toLittleEndianBytes } from './littleEndian.ts';

export interface VtiImage {
  /** Cells per axis: [nx, ny] for a 2D grid (written with nz = 1) or [nx, ny, nz]. */
  shape: readonly number[];
  /** Grid spacing per axis in the scene's length unit; for a 2D grid a third value is optional. */
  spacing: readonly number[];
  /** Point arrays, one value per grid point in x-fastest order, written in this order. */
  pointData: ReadonlyMap<string, Float32Array> | ReadonlyArray<readonly [string, Float32Array]>;
  /** Simulated time, written as the FieldData array "TimeValue", which ParaView uses as the file's time. */
  time?: number;
  /** Step number, written as the FieldData array "Step". */
  step?: number;
  /** Byte-count header width; default UInt32, or UInt64 when an array has 4 GiB or more. */
  headerType?: 'UInt32' | 'UInt64';
}

export interface ParsedVti {
  /** WholeExtent: x0 x1 y0 y1 z0 z1 (inclusive point indices). */
  extent: [number, number, number, number, number, number];
  /** Points per axis derived from the extent. */
  dimensions: [number, number, number];
  spacing: [number, number, number];
  origin: [number, number, number];
  /** Point data arrays by name, in file order (ArrayBuffer-backed, so they can go to writeBuffer as they are). */
  arrays: Map<string, Float32Array<ArrayBuffer>>;
  /** FieldData arrays by name (e.g. TimeValue, Step). */
  fieldData: Map<string, Float64Array<ArrayBuffer>>;
  /** The header type the file declares. */
  headerType: 'UInt32' | 'UInt64';
}

/** Array names become XML attributes and ParaView labels: keep them plain identifiers. */
const NAME_RULE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const UINT32_LIMIT = 2 ** 32;

function normaliseShape(shape: readonly number[]): [number, number, number] {
  if (shape.length !== 2 && shape.length !== 3) throw new Error(`vti: shape must have 2 or 3 axes, got [${shape.join(', ')}]`);
  for (const n of shape) {
    if (!Number.isInteger(n) || n < 1) throw new Error(`vti: shape entries must be positive integers, got [${shape.join(', ')}]`);
  }
  return [shape[0], shape[1], shape.length === 3 ? shape[2] : 1];
}

function normaliseSpacing(spacing: readonly number[], axes: number): [number, number, number] {
  if (spacing.length !== axes && !(axes === 2 && spacing.length === 3)) {
    throw new Error(`vti: spacing needs ${axes} values (one per axis), got ${spacing.length}`);
  }
  for (const h of spacing) {
    if (!(Number.isFinite(h) && h > 0)) throw new Error(`vti: spacing must be positive and finite, got [${spacing.join(', ')}]`);
  }
  // A 2D grid is one layer thick; its z spacing only matters to 3D views, so reuse dx.
  return [spacing[0], spacing[1], spacing.length === 3 ? spacing[2] : spacing[0]];
}

function header(byteCount: number, headerType: 'UInt32' | 'UInt64'): Uint8Array {
  const bytes = new Uint8Array(headerType === 'UInt32' ? 4 : 8);
  const view = new DataView(bytes.buffer);
  if (headerType === 'UInt32') view.setUint32(0, byteCount, true);
  else view.setBigUint64(0, BigInt(byteCount), true);
  return bytes;
}

/** Shortest text that parses back to the same float64 (ECMAScript Number::toString). */
function num(x: number): string {
  return String(x);
}

/**
 * The .vti file for `image` as a sequence of text pieces; their concatenation is the file. Pieces
 * keep memory bounded for large 3D fields (write them one after another, see `writeFileAtomic`).
 */
export function* encodeVti(image: VtiImage): Generator<string> {
  const dims = normaliseShape(image.shape);
  const spacing = normaliseSpacing(image.spacing, image.shape.length);
  const points = dims[0] * dims[1] * dims[2];
  const arrays = [...image.pointData];
  if (arrays.length === 0) throw new Error('vti: no point data arrays to write');
  const seen = new Set<string>();
  for (const [name, values] of arrays) {
    if (!NAME_RULE.test(name)) throw new Error(`vti: array name "${name}" must match ${NAME_RULE}`);
    if (seen.has(name)) throw new Error(`vti: duplicate array name "${name}"`);
    seen.add(name);
    if (!(values instanceof Float32Array)) throw new Error(`vti: array "${name}" must be a Float32Array`);
    if (values.length !== points) {
      throw new Error(`vti: array "${name}" has ${values.length} values, the ${dims.join('x')} grid has ${points} points`);
    }
  }
  const needs64 = points * 4 >= UINT32_LIMIT;
  const headerType = image.headerType ?? (needs64 ? 'UInt64' : 'UInt32');
  if (headerType === 'UInt32' && needs64) throw new Error(`vti: arrays of ${points * 4} bytes need header_type UInt64`);
  const extent = `0 ${dims[0] - 1} 0 ${dims[1] - 1} 0 ${dims[2] - 1}`;

  yield '<?xml version="1.0"?>\n';
  yield `<VTKFile type="ImageData" version="1.0" byte_order="LittleEndian" header_type="${headerType}">\n`;
  yield `  <ImageData WholeExtent="${extent}" Origin="0 0 0" Spacing="${spacing.map(num).join(' ')}">\n`;
  const fieldData: [string, number][] = [];
  if (image.time !== undefined) fieldData.push(['TimeValue', image.time]);
  if (image.step !== undefined) fieldData.push(['Step', image.step]);
  if (fieldData.length > 0) {
    yield '    <FieldData>\n';
    for (const [name, value] of fieldData) {
      const bytes = toLittleEndianBytes(new Float64Array([value]));
      yield `      <DataArray type="Float64" Name="${name}" NumberOfTuples="1" format="binary">\n        `;
      yield* encodeBase64Pieces([header(bytes.length, headerType), bytes]);
      yield '\n      </DataArray>\n';
    }
    yield '    </FieldData>\n';
  }
  yield `    <Piece Extent="${extent}">\n`;
  yield `      <PointData Scalars="${arrays[0][0]}">\n`;
  for (const [name, values] of arrays) {
    const bytes = toLittleEndianBytes(values);
    yield `        <DataArray type="Float32" Name="${name}" NumberOfComponents="1" format="binary">\n          `;
    yield* encodeBase64Pieces([header(bytes.length, headerType), bytes]);
    yield '\n        </DataArray>\n';
  }
  yield '      </PointData>\n';
  yield '      <CellData>\n      </CellData>\n';
  yield '    </Piece>\n';
  yield '  </ImageData>\n';
  yield '</VTKFile>\n';
}

/** The whole .vti file as one string (fine for small grids; use `encodeVti` pieces for large ones). */
export function encodeVtiString(image: VtiImage): string {
  return [...encodeVti(image)].join('');
}

// ---------------------------------------------------------------------------------------------------
// Reader: enough of the format to read back what `encodeVti` writes (and ParaView's uncompressed
// ImageData files with "binary" or "ascii" arrays): used by tests and for checks of run outputs.

function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/([A-Za-z_][\w.-]*)\s*=\s*"([^"]*)"/g)) out.set(m[1], m[2]);
  return out;
}

function numbers(text: string | undefined, count: number, what: string): number[] {
  const values = (text ?? '').trim().split(/\s+/).map(Number);
  if (values.length !== count || values.some((v) => !Number.isFinite(v))) {
    throw new Error(`vti: ${what} must be ${count} numbers, got "${text ?? ''}"`);
  }
  return values;
}

function requireMatch(text: string, re: RegExp, what: string): RegExpMatchArray {
  const m = text.match(re);
  if (!m) throw new Error(`vti: no ${what} found`);
  return m;
}

interface RawArray {
  attrs: Map<string, string>;
  body: string;
}

function dataArrays(section: string): RawArray[] {
  return [...section.matchAll(/<DataArray\b([^>]*?)(\/?)>(?:([\s\S]*?)<\/DataArray>)?/g)].map((m) => ({
    attrs: attributes(m[1]),
    body: m[2] === '/' ? '' : (m[3] ?? ''),
  }));
}

function decodeArray(raw: RawArray, count: number, headerType: 'UInt32' | 'UInt64'): Float32Array<ArrayBuffer> | Float64Array<ArrayBuffer> {
  const name = raw.attrs.get('Name') ?? '(unnamed)';
  const type = raw.attrs.get('type');
  const format = raw.attrs.get('format') ?? 'ascii';
  if (type !== 'Float32' && type !== 'Float64') throw new Error(`vti: array "${name}" has type ${type}; only Float32/Float64 are read`);
  if (format === 'ascii') {
    const text = raw.body.trim();
    const values = text === '' ? [] : text.split(/\s+/).map(Number);
    if (values.length !== count) throw new Error(`vti: array "${name}" has ${values.length} values, expected ${count}`);
    return type === 'Float32' ? Float32Array.from(values) : Float64Array.from(values);
  }
  if (format !== 'binary') throw new Error(`vti: array "${name}" uses format="${format}"; only "binary" and "ascii" are read`);
  const bytes = decodeBase64(raw.body);
  const headerBytes = headerType === 'UInt32' ? 4 : 8;
  if (bytes.length < headerBytes) throw new Error(`vti: array "${name}" is shorter than its header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, headerBytes);
  const declared = headerType === 'UInt32' ? view.getUint32(0, true) : Number(view.getBigUint64(0, true));
  const data = bytes.subarray(headerBytes);
  const width = type === 'Float32' ? 4 : 8;
  if (declared !== data.length) throw new Error(`vti: array "${name}" header says ${declared} bytes, found ${data.length}`);
  if (declared !== count * width) throw new Error(`vti: array "${name}" has ${declared / width} values, expected ${count}`);
  return type === 'Float32' ? float32FromLittleEndian(data) : float64FromLittleEndian(data);
}

/** Parse a .vti file (text or its bytes) into extent, spacing, origin and arrays. */
export function parseVti(input: string | Uint8Array): ParsedVti {
  const text = typeof input === 'string' ? input : new TextDecoder('latin1').decode(input);
  const file = attributes(requireMatch(text, /<VTKFile\b([^>]*)>/, '<VTKFile> element')[1]);
  if (file.get('type') !== 'ImageData') throw new Error(`vti: VTKFile type is "${file.get('type')}", expected "ImageData"`);
  if (file.has('compressor')) throw new Error(`vti: compressed data (${file.get('compressor')}) is not supported`);
  if ((file.get('byte_order') ?? 'LittleEndian') !== 'LittleEndian') throw new Error('vti: only LittleEndian files are read');
  const headerType = (file.get('header_type') ?? 'UInt32') as string;
  if (headerType !== 'UInt32' && headerType !== 'UInt64') throw new Error(`vti: header_type "${headerType}" is not supported`);
  if (text.includes('<AppendedData')) throw new Error('vti: appended data is not supported');

  const image = attributes(requireMatch(text, /<ImageData\b([^>]*)>/, '<ImageData> element')[1]);
  const extent = numbers(image.get('WholeExtent'), 6, 'WholeExtent') as ParsedVti['extent'];
  const origin = numbers(image.get('Origin') ?? '0 0 0', 3, 'Origin') as ParsedVti['origin'];
  const spacing = numbers(image.get('Spacing') ?? '1 1 1', 3, 'Spacing') as ParsedVti['spacing'];
  const pieces = [...text.matchAll(/<Piece\b([^>]*)>/g)];
  if (pieces.length !== 1) throw new Error(`vti: expected exactly one <Piece>, found ${pieces.length}`);
  const pieceExtent = numbers(attributes(pieces[0][1]).get('Extent'), 6, 'Piece Extent');
  if (pieceExtent.join(' ') !== extent.join(' ')) throw new Error(`vti: Piece Extent ${pieceExtent.join(' ')} differs from WholeExtent`);
  const dimensions: ParsedVti['dimensions'] = [extent[1] - extent[0] + 1, extent[3] - extent[2] + 1, extent[5] - extent[4] + 1];
  if (dimensions.some((d) => d < 1)) throw new Error(`vti: empty extent ${extent.join(' ')}`);
  const points = dimensions[0] * dimensions[1] * dimensions[2];

  const arrays = new Map<string, Float32Array<ArrayBuffer>>();
  const pointSection = text.match(/<PointData\b[^>]*>([\s\S]*?)<\/PointData>/)?.[1] ?? '';
  for (const raw of dataArrays(pointSection)) {
    const name = raw.attrs.get('Name');
    if (!name) throw new Error('vti: a PointData array has no Name');
    const components = Number(raw.attrs.get('NumberOfComponents') ?? '1');
    if (components !== 1) throw new Error(`vti: array "${name}" has ${components} components; only scalars are read`);
    const values = decodeArray(raw, points, headerType);
    arrays.set(name, values instanceof Float32Array ? values : Float32Array.from(values));
  }
  const fieldData = new Map<string, Float64Array<ArrayBuffer>>();
  const fieldSection = text.match(/<FieldData\b[^>]*>([\s\S]*?)<\/FieldData>/)?.[1] ?? '';
  for (const raw of dataArrays(fieldSection)) {
    const name = raw.attrs.get('Name') ?? '(unnamed)';
    const values = decodeArray(raw, Number(raw.attrs.get('NumberOfTuples') ?? '1'), headerType);
    fieldData.set(name, values instanceof Float64Array ? values : Float64Array.from(values));
  }
  return { extent, dimensions, spacing, origin, arrays, fieldData, headerType };
}
