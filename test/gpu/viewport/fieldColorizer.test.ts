/**
 * The colorizer kernel (shaders/render/colormap_field.wgsl) against a float64 CPU twin: bilinear
 * periodic interpolation, range and offset, colormap interpolation (src/io/colormap.ts), NaN colour,
 * slices of a 3D field, and the anti-aliased iso-line. Tolerance: the kernel computes in f32 and
 * stores 8-bit unorm, so a component may differ from the rounded f64 value by one step (1/255).
 */
import { describe, expect, it } from 'vitest';
import { useGpu } from '../gpuContext.ts';
import { withErrorScope } from '../../../src/gpu/device.ts';
import { uploadStorageBuffer } from '../../../src/gpu/buffers.ts';
import { colormap, COLORMAPS, type Colormap } from '../../../src/io/colormap.ts';
import { FieldColorizer, PLANE_2D, upsampleFactor, type ColorizeSettings, type ImagePlane } from '../../../src/viewport/fieldColorizer.ts';

const gpu = useGpu();

interface Twin {
  width: number;
  height: number;
  rgba: Float64Array;
}

/** CPU twin of the kernel, float64. */
function colorizeReference(field: ArrayLike<number>, shape: number[], plane: ImagePlane, up: number, s: ColorizeSettings): Twin {
  const shape3 = [shape[0], shape[1], shape[2] ?? 1];
  const strides = [1, shape3[0], shape3[0] * shape3[1]];
  const nu = shape3[plane.axisU];
  const nv = shape3[plane.axisV];
  const cell = (u: number, v: number) => {
    const iu = ((u % nu) + nu) % nu;
    const iv = ((v % nv) + nv) % nv;
    return field[plane.sliceIndex * strides[plane.sliceAxis] + iu * strides[plane.axisU] + iv * strides[plane.axisV]];
  };
  const bilinear = (pu: number, pv: number) => {
    const bu = Math.floor(pu);
    const bv = Math.floor(pv);
    const fu = pu - bu;
    const fv = pv - bv;
    const a = cell(bu, bv) * (1 - fu) + cell(bu + 1, bv) * fu;
    const b = cell(bu, bv + 1) * (1 - fu) + cell(bu + 1, bv + 1) * fu;
    return a * (1 - fv) + b * fv;
  };
  const width = nu * up;
  const height = nv * up;
  const rgba = new Float64Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const pu = (x + 0.5) / up - 0.5;
      const pv = (y + 0.5) / up - 0.5;
      const v = bilinear(pu, pv);
      let colour: number[];
      if (!Number.isFinite(v)) colour = [1, 0, 1];
      else {
        const span = s.range[1] - s.range[0];
        const t = span > 0 ? (v - s.offset - s.range[0]) / span : 0.5;
        colour = colormap(s.colormap.name, t);
        if (s.contour) {
          const h = 0.5 / up;
          const gu = bilinear(pu + h, pv) - bilinear(pu - h, pv);
          const gv = bilinear(pu, pv + h) - bilinear(pu, pv - h);
          const d = Math.abs(v - s.contour.level) / Math.max(Math.hypot(gu, gv), 1e-30);
          const coverage = Math.min(1, Math.max(0, 0.5 * s.contour.widthTexels + 0.5 - d)) * s.contour.color[3];
          colour = colour.map((c, k) => c + (s.contour!.color[k] - c) * coverage);
        }
      }
      rgba.set([...colour, 1], 4 * (y * width + x));
    }
  }
  return { width, height, rgba };
}

async function readTexture(device: GPUDevice, texture: GPUTexture): Promise<Uint8Array> {
  const bytesPerRow = Math.ceil((texture.width * 4) / 256) * 256;
  const staging = device.createBuffer({ label: 'test.textureReadback', size: bytesPerRow * texture.height, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ });
  const encoder = device.createCommandEncoder({ label: 'test.readTexture' });
  encoder.copyTextureToBuffer({ texture }, { buffer: staging, bytesPerRow }, [texture.width, texture.height]);
  device.queue.submit([encoder.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const padded = new Uint8Array(staging.getMappedRange());
  const out = new Uint8Array(texture.width * texture.height * 4);
  for (let y = 0; y < texture.height; y++) out.set(padded.subarray(y * bytesPerRow, y * bytesPerRow + texture.width * 4), y * texture.width * 4);
  staging.unmap();
  staging.destroy();
  return out;
}

async function colorizeOnGpu(field: Float32Array, shape: number[], plane: ImagePlane, maxTexels: number, settings: ColorizeSettings, outline?: Float32Array): Promise<{ image: Uint8Array; width: number; height: number; upsample: number }> {
  const g = gpu();
  return withErrorScope(g.device, async () => {
    const colorizer = new FieldColorizer(g);
    const buffer = uploadStorageBuffer(g, 'test.field', field);
    const outlineBuffer = outline ? uploadStorageBuffer(g, 'test.outline', outline) : undefined;
    const img = colorizer.createImage('test.image', buffer, shape, plane, maxTexels, outlineBuffer);
    const encoder = g.device.createCommandEncoder({ label: 'test.colorize' });
    const pass = encoder.beginComputePass({ label: 'test.colorizePass' });
    img.encode(pass, settings);
    pass.end();
    g.device.queue.submit([encoder.finish()]);
    const image = await readTexture(g.device, img.texture);
    const result = { image, width: img.width, height: img.height, upsample: img.upsample };
    img.dispose();
    buffer.destroy();
    outlineBuffer?.destroy();
    colorizer.dispose();
    return result;
  });
}

/** Largest |gpu - round(255 * twin)| over all components, in 8-bit steps. */
function maxDeviation(image: Uint8Array, twin: Twin): number {
  let worst = 0;
  for (let i = 0; i < image.length; i++) worst = Math.max(worst, Math.abs(image[i] - Math.round(255 * twin.rgba[i])));
  return worst;
}

function randomField(n: number, seed: number, lo = 0.2, hi = 0.8): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return lo + (hi - lo) * (s / 2 ** 32);
  });
}

const plain = (map: Colormap, range: [number, number], offset = 0): ColorizeSettings => ({ colormap: map, range, offset, contour: null });

describe('FieldColorizer', () => {
  it('picks 1 to 4 texels per cell within the texel budget', () => {
    expect(upsampleFactor(128, 128, 256)).toBe(2);
    expect(upsampleFactor(200, 100, 1024)).toBe(4);
    expect(upsampleFactor(512, 512, 256)).toBe(1);
    expect(upsampleFactor(8, 8, 1024)).toBe(4);
  });

  it('maps a 2D field like its float64 twin (viridis, upsampled x2, periodic bilinear)', async () => {
    const shape = [8, 6];
    const field = randomField(48, 7);
    const settings = plain(COLORMAPS.viridis, [0.25, 0.75]);
    const out = await colorizeOnGpu(field, shape, PLANE_2D, 16, settings);
    expect([out.width, out.height, out.upsample]).toEqual([16, 12, 2]);
    expect(maxDeviation(out.image, colorizeReference(field, shape, PLANE_2D, 2, settings))).toBeLessThanOrEqual(1);
  });

  it('subtracts the offset and maps signed values on the diverging map, zero at its centre', async () => {
    const shape = [5, 4];
    const field = randomField(20, 3, 0.4, 0.6);
    const settings = plain(COLORMAPS.rdbu, [-0.1, 0.1], 0.5);
    const out = await colorizeOnGpu(field, shape, PLANE_2D, 5, settings);
    expect(maxDeviation(out.image, colorizeReference(field, shape, PLANE_2D, 1, settings))).toBeLessThanOrEqual(1);
    const flat = await colorizeOnGpu(new Float32Array(20).fill(0.5), shape, PLANE_2D, 5, settings);
    const centre = colormap('rdbu', 0.5).map((c) => Math.round(255 * c));
    expect([...flat.image.subarray(0, 3)]).toEqual(centre);
  });

  it('shows each slice of a 3D field like the twin, for all three orientations', async () => {
    const shape = [6, 5, 4];
    const field = randomField(120, 11);
    const settings = plain(COLORMAPS.viridis, [0.2, 0.8]);
    const planes: ImagePlane[] = [
      { axisU: 1, axisV: 2, sliceAxis: 0, sliceIndex: 4 },
      { axisU: 0, axisV: 2, sliceAxis: 1, sliceIndex: 2 },
      { axisU: 0, axisV: 1, sliceAxis: 2, sliceIndex: 3 },
    ];
    for (const plane of planes) {
      const out = await colorizeOnGpu(field, shape, plane, 12, settings);
      expect(maxDeviation(out.image, colorizeReference(field, shape, plane, out.upsample, settings)), `slice normal to axis ${plane.sliceAxis}`).toBeLessThanOrEqual(1);
    }
  });

  it('draws the iso-line where the field crosses the level, and nowhere else', async () => {
    // c rises linearly along x from 0.1 to 0.9 (cells 0..15): c = 0.5 halfway between cells 7 and 8.
    const nx = 16;
    const ny = 4;
    const field = Float32Array.from({ length: nx * ny }, (_, i) => 0.1 + (0.8 * (i % nx)) / (nx - 1));
    const settings: ColorizeSettings = { ...plain(COLORMAPS.viridis, [0, 1]), contour: { level: 0.5, widthTexels: 1.5, color: [1, 1, 1, 1] } };
    const out = await colorizeOnGpu(field, [nx, ny], PLANE_2D, 64, settings);
    const twin = colorizeReference(field, [nx, ny], PLANE_2D, out.upsample, settings);
    expect(maxDeviation(out.image, twin)).toBeLessThanOrEqual(2);
    // The line (x = 7.5 cells) runs between texels 8 up - 1 and 8 up, half a texel from each centre:
    // coverage 1.5/2 + 1/2 - 1/2 = 3/4 of white over the colormap. Two cells away: the colormap alone.
    const up = out.upsample;
    expect(up).toBe(4);
    const row = 2 * up;
    const at = (xTexel: number) => [...out.image.subarray(4 * (row * out.width + xTexel), 4 * (row * out.width + xTexel) + 3)];
    for (const xTexel of [8 * up - 1, 8 * up]) {
      const c = (xTexel + 0.5) / up - 0.5;
      const under = colormap('viridis', 0.1 + (0.8 * c) / 15);
      at(xTexel).forEach((v, k) => expect(Math.abs(v - 255 * (0.25 * under[k] + 0.75))).toBeLessThanOrEqual(1.5));
    }
    const farTexel = 6 * up - 1;
    const far = colormap('viridis', 0.1 + (0.8 * ((farTexel + 0.5) / up - 0.5)) / 15).map((c) => Math.round(255 * c));
    at(farTexel).forEach((c, k) => expect(Math.abs(c - far[k])).toBeLessThanOrEqual(1));
  });

  it('draws the outline field\'s iso-line (the particle surface) over the image, and nothing without an outline field', async () => {
    // Uniform c; the outline field psi rises along y from 0.1 to 0.9: psi = 0.5 halfway between rows 7 and 8.
    const nx = 4;
    const ny = 16;
    const field = new Float32Array(nx * ny).fill(0.3);
    const psi = Float32Array.from({ length: nx * ny }, (_, i) => 0.1 + (0.8 * Math.floor(i / nx)) / (ny - 1));
    const orange = [1, 0.5, 0, 1];
    const settings: ColorizeSettings = { ...plain(COLORMAPS.viridis, [0, 1]), outline: { level: 0.5, widthTexels: 1.5, color: orange } };
    const out = await colorizeOnGpu(field, [nx, ny], PLANE_2D, 64, settings, psi);
    const up = out.upsample;
    const base = colormap('viridis', 0.3);
    const at = (yTexel: number) => [...out.image.subarray(4 * (yTexel * out.width + up), 4 * (yTexel * out.width + up) + 3)];
    // Half a texel from the line: 3/4 of the outline colour; two cells away: the colormap alone.
    for (const yTexel of [8 * up - 1, 8 * up]) at(yTexel).forEach((v, k) => expect(Math.abs(v - 255 * (0.25 * base[k] + 0.75 * orange[k]))).toBeLessThanOrEqual(1.5));
    at(6 * up - 1).forEach((v, k) => expect(Math.abs(v - 255 * base[k])).toBeLessThanOrEqual(1));
    // Without an outline field the setting draws nothing (the kernel's outline binding is the field itself).
    const none = await colorizeOnGpu(field, [nx, ny], PLANE_2D, 64, settings);
    for (let i = 0; i < none.image.length; i += 4) [0, 1, 2].forEach((k) => expect(Math.abs(none.image[i + k] - 255 * base[k])).toBeLessThanOrEqual(1));
  });

  it('paints non-finite values magenta', async () => {
    const field = new Float32Array(16).fill(0.5);
    field[5] = NaN;
    field[10] = Infinity;
    const out = await colorizeOnGpu(field, [4, 4], PLANE_2D, 4, plain(COLORMAPS.viridis, [0, 1]));
    expect([...out.image.subarray(20, 24)]).toEqual([255, 0, 255, 255]);
    expect([...out.image.subarray(40, 44)]).toEqual([255, 0, 255, 255]);
    // A NaN spreads over its bilinear footprint (zero weights do not hide it); cell (3, 0) is outside both.
    expect([...out.image.subarray(12, 15)]).toEqual(colormap('viridis', 0.5).map((c) => Math.round(255 * c)));
  });
});
