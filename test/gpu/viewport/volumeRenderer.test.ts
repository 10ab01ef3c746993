/**
 * The volume renderer (shaders/render/raycast_volume.wgsl) against the emission-absorption model in
 * closed form: looking head-on through a box whose field is constant along the ray, or made of two
 * slabs, the composited colour is A1 c1 + (1 - A1) A2 c2 + (1 - A1)(1 - A2) background with
 * A = 1 - exp(-density w(t) depth) (Max 1995); tolerance 2 of 255 (8-bit output, f32 exp).
 */
import { describe, expect, it } from 'vitest';
import { PerspectiveCamera } from 'three/webgpu';
import { useGpu } from '../gpuContext.ts';
import { withErrorScope } from '../../../src/gpu/device.ts';
import { uploadStorageBuffer } from '../../../src/gpu/buffers.ts';
import { colormap, COLORMAPS, type ColormapName } from '../../../src/io/colormap.ts';
import { FieldColorizer } from '../../../src/viewport/fieldColorizer.ts';
import { VolumeRenderer, type VolumeSettings } from '../../../src/viewport/volumeRenderer.ts';

const gpu = useGpu();
const N = 32;
const SIZE = 64;
const BACKGROUND = [0.125, 0.13, 0.14];

function camera(): PerspectiveCamera {
  const cam = new PerspectiveCamera(30, 1, 0.01, 100);
  cam.position.set(0, 0, 2.5);
  cam.lookAt(0, 0, 0);
  cam.updateMatrixWorld();
  return cam;
}

/** A field that depends on z only: value(z) for cell centres z in (-1/2, 1/2). */
function layered(value: (z: number) => number): Float32Array {
  const c = new Float32Array(N * N * N);
  for (let z = 0; z < N; z++) c.fill(value((z + 0.5) / N - 0.5), z * N * N, (z + 1) * N * N);
  return c;
}

async function render(field: Float32Array, settings: VolumeSettings): Promise<number[]> {
  const g = gpu();
  return withErrorScope(g.device, async () => {
    const colorizer = new FieldColorizer(g);
    const renderer = new VolumeRenderer(colorizer);
    const buffer = uploadStorageBuffer(g, 'test.field', field);
    const image = renderer.createImage('test.volume', buffer, [N, N, N], [1, 1, 1]);
    image.resize(SIZE, SIZE);
    const encoder = g.device.createCommandEncoder({ label: 'test.volume' });
    const pass = encoder.beginComputePass({ label: 'test.volumePass' });
    image.encode(pass, camera(), settings);
    pass.end();
    const bytesPerRow = 256;
    const staging = g.device.createBuffer({ label: 'test.volumeReadback', size: bytesPerRow * SIZE, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ });
    encoder.copyTextureToBuffer({ texture: image.texture! }, { buffer: staging, bytesPerRow }, [SIZE, SIZE]);
    g.device.queue.submit([encoder.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    const bytes = new Uint8Array(staging.getMappedRange());
    const at = (x: number, y: number) => [...bytes.subarray(y * bytesPerRow + 4 * x, y * bytesPerRow + 4 * x + 4)];
    const centre = at(SIZE / 2, SIZE / 2);
    const corner = at(0, 0);
    staging.unmap();
    staging.destroy();
    image.dispose();
    buffer.destroy();
    colorizer.dispose();
    return [...centre, ...corner];
  });
}

const settings = (map: ColormapName, signed: boolean, density: number): VolumeSettings => ({
  colormap: COLORMAPS[map],
  range: signed ? [-1, 1] : [0, 1],
  offset: 0,
  signed,
  background: BACKGROUND,
  density,
  rampStart: 0.4,
});

/** Composite of slabs (front first), each { t: colormap position, w: opacity ramp, depth }. */
function expected(map: ColormapName, density: number, slabs: { t: number; w: number; depth: number }[]): number[] {
  const colour = [0, 0, 0];
  let opacity = 0;
  for (const s of slabs) {
    const alpha = 1 - Math.exp(-density * s.w * s.depth);
    const c = colormap(map, s.t);
    for (let k = 0; k < 3; k++) colour[k] += (1 - opacity) * alpha * c[k];
    opacity += (1 - opacity) * alpha;
  }
  return colour.map((c, k) => 255 * (c + (1 - opacity) * BACKGROUND[k]));
}

function expectColour(actual: number[], target: number[]): void {
  target.forEach((c, k) => expect(Math.abs(actual[k] - c), `channel ${k}: ${actual.slice(0, 3)} vs ${target.map(Math.round)}`).toBeLessThanOrEqual(2));
  expect(actual[3]).toBe(255);
}

describe('VolumeRenderer', () => {
  it('a uniform medium gives 1 - exp(-density w depth) of its colour over the background; outside the box, the background', async () => {
    const value = 0.8; // sequential ramp: w = (0.8 - 0.4) / 0.6
    const density = 3;
    const out = await render(new Float32Array(N * N * N).fill(value), settings('viridis', false, density));
    expectColour(out.slice(0, 4), expected('viridis', density, [{ t: value, w: (value - 0.4) / 0.6, depth: 1 }]));
    expectColour(out.slice(4, 8), BACKGROUND.map((c) => 255 * c));
  });

  it('values below the ramp start (sequential) and zero (diverging) are clear', async () => {
    const low = await render(new Float32Array(N * N * N).fill(0.3), settings('viridis', false, 50));
    expectColour(low.slice(0, 4), BACKGROUND.map((c) => 255 * c));
    const zero = await render(new Float32Array(N * N * N).fill(0), settings('rdbu', true, 50));
    expectColour(zero.slice(0, 4), BACKGROUND.map((c) => 255 * c));
  });

  it('composites front to back: the slab nearer the camera hides the one behind it', async () => {
    const density = 4;
    // The camera is on +z: the slab z > 0 is in front.
    const out = await render(layered((z) => (z > 0 ? 1 : -0.5)), settings('rdbu', true, density));
    const front = { t: 1, w: 1, depth: 0.5 };
    const back = { t: 0.25, w: 0.5, depth: 0.5 };
    expectColour(out.slice(0, 4), expected('rdbu', density, [front, back]));
    const swapped = expected('rdbu', density, [back, front]);
    expect(Math.max(...swapped.map((c, k) => Math.abs(c - out[k])))).toBeGreaterThan(10);
  });
});
