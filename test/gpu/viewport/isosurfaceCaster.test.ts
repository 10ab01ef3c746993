/**
 * The iso-surface ray caster (shaders/render/raycast_isosurface.wgsl) on fields with known geometry:
 * a sphere's silhouette has the radius the camera projection predicts, its centre faces the camera
 * (full headlight shade), rays that miss are transparent, and a box full of solid shows its cut faces
 * in the colormap colour of the value.
 */
import { describe, expect, it } from 'vitest';
import { PerspectiveCamera } from 'three/webgpu';
import { useGpu } from '../gpuContext.ts';
import { withErrorScope } from '../../../src/gpu/device.ts';
import { uploadStorageBuffer } from '../../../src/gpu/buffers.ts';
import { colormap, COLORMAPS } from '../../../src/io/colormap.ts';
import { FieldColorizer } from '../../../src/viewport/fieldColorizer.ts';
import { IsosurfaceCaster, type IsosurfaceSettings } from '../../../src/viewport/isosurfaceCaster.ts';

const gpu = useGpu();
const N = 32;
const SIZE = 96;
const SURFACE = [0.9, 0.8, 0.6, 1];

/** Smooth ball: c = 1/2 - 1/2 tanh((r - R) / w) in the box [-1/2, 1/2]^3, cells centred. */
function ball(radius: number, width: number): Float32Array {
  const c = new Float32Array(N * N * N);
  for (let z = 0; z < N; z++)
    for (let y = 0; y < N; y++)
      for (let x = 0; x < N; x++) {
        const r = Math.hypot((x + 0.5) / N - 0.5, (y + 0.5) / N - 0.5, (z + 0.5) / N - 0.5);
        c[x + N * (y + N * z)] = 0.5 - 0.5 * Math.tanh((r - radius) / width);
      }
  return c;
}

function camera(distance: number, fovDegrees: number): PerspectiveCamera {
  const cam = new PerspectiveCamera(fovDegrees, 1, 0.01, 100);
  cam.position.set(0, 0, distance);
  cam.lookAt(0, 0, 0);
  cam.updateMatrixWorld();
  return cam;
}

async function cast(field: Float32Array, cam: PerspectiveCamera, settings: IsosurfaceSettings): Promise<Uint8Array> {
  const g = gpu();
  return withErrorScope(g.device, async () => {
    const colorizer = new FieldColorizer(g);
    const caster = new IsosurfaceCaster(colorizer);
    const buffer = uploadStorageBuffer(g, 'test.field', field);
    const image = caster.createImage('test.iso', buffer, [N, N, N], [1, 1, 1]);
    image.resize(SIZE, SIZE);
    const encoder = g.device.createCommandEncoder({ label: 'test.cast' });
    const pass = encoder.beginComputePass({ label: 'test.castPass' });
    image.encode(pass, cam, settings);
    pass.end();
    const bytesPerRow = 256 * Math.ceil((SIZE * 4) / 256);
    const staging = g.device.createBuffer({ label: 'test.isoReadback', size: bytesPerRow * SIZE, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ });
    encoder.copyTextureToBuffer({ texture: image.texture! }, { buffer: staging, bytesPerRow }, [SIZE, SIZE]);
    g.device.queue.submit([encoder.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    const padded = new Uint8Array(staging.getMappedRange());
    const out = new Uint8Array(SIZE * SIZE * 4);
    for (let y = 0; y < SIZE; y++) out.set(padded.subarray(y * bytesPerRow, y * bytesPerRow + SIZE * 4), y * SIZE * 4);
    staging.unmap();
    staging.destroy();
    image.dispose();
    buffer.destroy();
    colorizer.dispose();
    return out;
  });
}

const pixel = (img: Uint8Array, x: number, y: number) => [...img.subarray(4 * (y * SIZE + x), 4 * (y * SIZE + x) + 4)];

describe('IsosurfaceCaster', () => {
  it('shows a ball with the silhouette radius the projection predicts, lit head-on at its centre', async () => {
    const radius = 0.3;
    const distance = 2.5;
    const fov = 30;
    const img = await cast(ball(radius, 0.02), camera(distance, fov), { level: 0.5, colormap: COLORMAPS.viridis, range: [0, 1], surfaceColor: SURFACE });
    // Silhouette of a sphere seen from distance d: half-angle asin(R / d); in NDC tan(asin(R/d)) / tan(fov/2).
    const ndcRadius = Math.tan(Math.asin(radius / distance)) / Math.tan(((fov / 2) * Math.PI) / 180);
    const expectedDiameterPx = ndcRadius * SIZE;
    const row = SIZE / 2;
    let hits = 0;
    for (let x = 0; x < SIZE; x++) if (pixel(img, x, row)[3] > 0) hits++;
    expect(Math.abs(hits - expectedDiameterPx)).toBeLessThanOrEqual(2);
    let column = 0;
    for (let y = 0; y < SIZE; y++) if (pixel(img, row, y)[3] > 0) column++;
    expect(Math.abs(column - expectedDiameterPx)).toBeLessThanOrEqual(2);
    // Centre: the normal faces the camera, so shade = 1 and the colour is the surface colour.
    const centre = pixel(img, SIZE / 2, SIZE / 2);
    SURFACE.slice(0, 3).forEach((c, k) => expect(Math.abs(centre[k] - 255 * c)).toBeLessThanOrEqual(4));
    // Outside the ball (and the box is smaller than the view here): transparent.
    expect(pixel(img, 2, 2)[3]).toBe(0);
  });

  it('shows the cut faces of a box full of solid in the colormap colour of the value', async () => {
    const value = 0.8;
    const img = await cast(new Float32Array(N * N * N).fill(value), camera(2.5, 30), { level: 0.5, colormap: COLORMAPS.viridis, range: [0, 1], surfaceColor: SURFACE });
    // Looking straight down z at the face z = +1/2: its normal is parallel to the ray, shade = 1.
    const expected = colormap('viridis', value).map((c) => 255 * c);
    const centre = pixel(img, SIZE / 2, SIZE / 2);
    expected.forEach((c, k) => expect(Math.abs(centre[k] - c)).toBeLessThanOrEqual(2));
    expect(centre[3]).toBe(255);
    expect(pixel(img, 1, 1)[3]).toBe(0);
  });
});
