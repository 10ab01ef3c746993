import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeBase64 } from '../../../src/scene/base64.ts';
import { encodeVti, encodeVtiString, parseVti } from '../../../src/io/vti.ts';

/** Index of the first value whose bit pattern differs (-0, NaN payloads, denormals included), or -1. */
function firstBitDifference(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return i;
  return -1;
}

function awkwardValues(n: number): Float32Array {
  const out = new Float32Array(n);
  const special = [0, -0, NaN, Infinity, -Infinity, 1e-45, -3.4028234663852886e38, 1 / 3, 0.1];
  for (let i = 0; i < n; i++) out[i] = i < special.length ? special[i] : Math.sin(i * 12.9898) * 43758.5453;
  return out;
}

describe('VTK ImageData writer', () => {
  it('writes a 2D grid as nz = 1 with the grid spacing and origin 0, and reads back bit-identical arrays', () => {
    const nx = 5;
    const ny = 3;
    const c = awkwardValues(nx * ny);
    const mu = Float32Array.from({ length: nx * ny }, (_, i) => -i * 0.25);
    const text = encodeVtiString({ shape: [nx, ny], spacing: [0.5, 1e-9], pointData: new Map([['c', c], ['mu', mu]]) });
    const vti = parseVti(text);
    expect(vti.extent).toEqual([0, 4, 0, 2, 0, 0]);
    expect(vti.dimensions).toEqual([5, 3, 1]);
    expect(vti.spacing).toEqual([0.5, 1e-9, 0.5]);
    expect(vti.origin).toEqual([0, 0, 0]);
    expect([...vti.arrays.keys()]).toEqual(['c', 'mu']);
    expect(firstBitDifference(vti.arrays.get('c')!, c)).toBe(-1);
    expect(firstBitDifference(vti.arrays.get('mu')!, mu)).toBe(-1);
    expect(vti.headerType).toBe('UInt32');
    expect(text).toMatch(/<VTKFile type="ImageData" version="1.0" byte_order="LittleEndian" header_type="UInt32">/);
    expect(text).toContain('<PointData Scalars="c">');
  });

  it('keeps x-fastest point order on a 3D grid, and every DESIGN 4.2 array name', () => {
    const [nx, ny, nz] = [4, 3, 2];
    const names = ['c', 'mu', 'psi', 'sigma_xx', 'sigma_yy', 'sigma_zz', 'sigma_xy', 'sigma_xz', 'sigma_yz', 'sigma_vm', 'sigma_h', 'sigma_1', 'hotspot'];
    const arrays = names.map((name, k) => {
      const a = new Float32Array(nx * ny * nz);
      for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) a[x + nx * (y + ny * z)] = k * 1000 + 100 * z + 10 * y + x;
      return [name, a] as const;
    });
    const vti = parseVti(encodeVtiString({ shape: [nx, ny, nz], spacing: [1, 2, 3], pointData: arrays }));
    expect(vti.extent).toEqual([0, 3, 0, 2, 0, 1]);
    expect(vti.spacing).toEqual([1, 2, 3]);
    expect([...vti.arrays.keys()]).toEqual(names);
    const s1 = vti.arrays.get('sigma_1')!;
    expect(s1[3 + nx * (2 + ny * 1)]).toBe(11 * 1000 + 100 + 20 + 3);
    expect(s1[1 + nx * (0 + ny * 1)]).toBe(11 * 1000 + 100 + 1);
  });

  it('writes the byte-count header the format requires in front of each array', () => {
    const values = Float32Array.from([1, 2, 3]);
    const text = encodeVtiString({ shape: [3, 1], spacing: [1, 1], pointData: [['c', values]] });
    const body = text.match(/Name="c"[^>]*>\s*([A-Za-z0-9+/=]+)\s*<\/DataArray>/)![1];
    const bytes = decodeBase64(body);
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    expect(view.getUint32(0, true)).toBe(12);
    expect([view.getFloat32(4, true), view.getFloat32(8, true), view.getFloat32(12, true)]).toEqual([1, 2, 3]);
    expect(bytes.length).toBe(16);
  });

  it('reads a UInt64 header file too', () => {
    const values = Float32Array.from([5, -6, 7, 8]);
    const text = encodeVtiString({ shape: [2, 2], spacing: [1, 1], pointData: [['c', values]], headerType: 'UInt64' });
    const vti = parseVti(text);
    expect(vti.headerType).toBe('UInt64');
    expect([...vti.arrays.get('c')!]).toEqual([5, -6, 7, 8]);
  });

  it('stores simulated time and step as FieldData, time to full float64 precision', () => {
    const vti = parseVti(
      encodeVtiString({ shape: [2, 2], spacing: [1, 1], pointData: [['c', new Float32Array(4)]], time: 0.1 + 0.2, step: 123456789 }),
    );
    expect(vti.fieldData.get('TimeValue')![0]).toBe(0.1 + 0.2);
    expect(vti.fieldData.get('Step')![0]).toBe(123456789);
  });

  it('streams large arrays in pieces whose concatenation is the same file', () => {
    const n = 300_000; // 1.2 MB of float32: more than one base64 piece
    const c = Float32Array.from({ length: n }, (_, i) => i * 0.5);
    const pieces = [...encodeVti({ shape: [600, 500], spacing: [1, 1], pointData: [['c', c]] })];
    expect(pieces.length).toBeGreaterThan(12);
    const vti = parseVti(pieces.join(''));
    expect(firstBitDifference(vti.arrays.get('c')!, c)).toBe(-1);
  });

  it('reads a file written by VTK 9.1 itself (vtkXMLImageDataWriter, binary, uncompressed), so both sides agree on the header', () => {
    // fixtures/vtk9-binary.vti: written by Debian's python3-vtk9 (VTK 9.1.0), c = 100 z + 10 y + x + 0.5 and
    // sigma_vm = -1.25 i on a 3x2x2 grid with spacing 0.5 0.25 2.
    const vti = parseVti(readFileSync(new URL('./fixtures/vtk9-binary.vti', import.meta.url), 'utf8'));
    expect(vti.dimensions).toEqual([3, 2, 2]);
    expect(vti.spacing).toEqual([0.5, 0.25, 2]);
    const c = vti.arrays.get('c')!;
    expect(c[2 + 3 * (1 + 2 * 1)]).toBe(112.5);
    expect([...vti.arrays.get('sigma_vm')!]).toEqual(Array.from({ length: 12 }, (_, i) => -1.25 * i));
    // and our own encoding of the same arrays is byte-for-byte the base64 text VTK wrote
    const ours = encodeVtiString({ shape: [3, 2, 2], spacing: [0.5, 0.25, 2], pointData: [['c', c]] });
    const vtkText = readFileSync(new URL('./fixtures/vtk9-binary.vti', import.meta.url), 'utf8');
    const body = (t: string) => t.match(/Name="c"[^>]*>\s*([A-Za-z0-9+/=]+)/)![1];
    expect(body(ours)).toBe(body(vtkText));
  });

  it('parses its own output from bytes as well as text', () => {
    const text = encodeVtiString({ shape: [2, 1], spacing: [1, 1], pointData: [['psi', Float32Array.from([0, 1])]] });
    expect([...parseVti(new TextEncoder().encode(text)).arrays.get('psi')!]).toEqual([0, 1]);
  });

  it('refuses inputs ParaView would misread', () => {
    const ok = new Float32Array(6);
    expect(() => encodeVtiString({ shape: [3, 2], spacing: [1, 1], pointData: [['c', new Float32Array(5)]] })).toThrow(
      'array "c" has 5 values, the 3x2x1 grid has 6 points',
    );
    expect(() => encodeVtiString({ shape: [3, 2], spacing: [1, 1], pointData: [['sigma xx', ok]] })).toThrow('array name "sigma xx"');
    expect(() => encodeVtiString({ shape: [3, 2], spacing: [1, 1], pointData: [['c', ok], ['c', ok]] })).toThrow('duplicate array name "c"');
    expect(() => encodeVtiString({ shape: [3, 2], spacing: [1, 0], pointData: [['c', ok]] })).toThrow('spacing must be positive');
    expect(() => encodeVtiString({ shape: [3, 2], spacing: [1], pointData: [['c', ok]] })).toThrow('spacing needs 2 values');
    expect(() => encodeVtiString({ shape: [3, 2.5], spacing: [1, 1], pointData: [['c', ok]] })).toThrow('positive integers');
    expect(() => encodeVtiString({ shape: [3, 2], spacing: [1, 1], pointData: [] })).toThrow('no point data');
  });

  it('reports corrupt or truncated data instead of returning wrong values', () => {
    const text = encodeVtiString({ shape: [4, 4], spacing: [1, 1], pointData: [['c', new Float32Array(16).fill(1)]] });
    const truncated = text.replace(/(Name="c"[^>]*>\s*)([A-Za-z0-9+/=]+)/, (_, head: string, b64: string) => head + b64.slice(0, 40));
    expect(() => parseVti(truncated)).toThrow(/array "c" header says 64 bytes, found \d+/);
    const garbled = text.replace(/(Name="c"[^>]*>\s*)([A-Za-z0-9+/=]{4})/, '$1@@@@');
    expect(() => parseVti(garbled)).toThrow('invalid character');
    expect(() => parseVti(text.replace('type="ImageData"', 'type="PolyData"'))).toThrow('expected "ImageData"');
  });
});
