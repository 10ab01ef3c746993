/**
 * Hot-spot overlay on whatever field the view shows (issue #10): in 2D the hot-spot cells as a
 * translucent red layer just above the field image; in 3D a wire box around each region; in both a cross
 * at each region's peak. Built from the panel's periodic read-back (a few seconds old at most), added to
 * the current view's three.js scene, rebuilt when the view or the regions change.
 */
import {
  BoxGeometry,
  BufferGeometry,
  DataTexture,
  EdgesGeometry,
  Float32BufferAttribute,
  Group,
  LineBasicMaterial,
  LineSegments,
  Mesh,
  MeshBasicNodeMaterial,
  NearestFilter,
  NoColorSpace,
  PlaneGeometry,
  RGBAFormat,
  type Scene,
} from 'three/webgpu';
import { displayColor, normalisedExtent } from './fieldView.ts';
import { regionFocus, viewPosition, type ViewportRegion } from './hotspotRegions.ts';

const HOTSPOT_RGBA = [255, 40, 40, 150] as const;
const MARKER_COLOR = 0xffeb3b;

/** RGBA texels of a 2D indicator (x fastest, row 0 at the bottom, like the field image): red where hot. */
export function hotspotTexels(indicator: ArrayLike<number>, nx: number, ny: number): Uint8Array<ArrayBuffer> {
  const texels = new Uint8Array(nx * ny * 4);
  for (let i = 0; i < nx * ny; i++) {
    if (indicator[i] > 0.5) texels.set(HOTSPOT_RGBA, 4 * i);
  }
  return texels;
}

export class HotspotOverlay {
  private group: Group | undefined;
  private scene: Scene | undefined;
  private readonly disposables: { dispose(): void }[] = [];

  /** Replace the overlay in `scene` (the current view's) with one for these regions and indicator. */
  show(scene: Scene, indicator: ArrayLike<number>, regions: readonly ViewportRegion[], shape: readonly number[], size: readonly number[]): void {
    this.clear();
    const group = new Group();
    group.name = 'HotspotOverlay';
    const extent = normalisedExtent(size);
    if (shape.length === 2 || (shape[2] ?? 1) === 1) {
      const texture = new DataTexture(hotspotTexels(indicator, shape[0], shape[1]), shape[0], shape[1], RGBAFormat);
      texture.colorSpace = NoColorSpace;
      texture.magFilter = NearestFilter;
      texture.minFilter = NearestFilter;
      texture.generateMipmaps = false;
      texture.needsUpdate = true;
      const material = new MeshBasicNodeMaterial({ map: texture, transparent: true, depthWrite: false });
      const geometry = new PlaneGeometry(extent[0], extent[1]);
      const mesh = new Mesh(geometry, material);
      mesh.position.z = 0.01;
      mesh.name = 'HotspotOverlay.cells';
      group.add(mesh);
      this.disposables.push(texture, material, geometry);
    } else {
      const material = new LineBasicMaterial({ color: displayColor(0xff2828) });
      this.disposables.push(material);
      for (const r of regions) {
        const { center } = regionFocus(r, shape, size);
        const dims = [0, 1, 2].map((a) => ((r.box.max[a] - r.box.min[a] + 1) / shape[a]) * extent[a]);
        const solid = new BoxGeometry(dims[0], dims[1], dims[2]);
        const geometry = new EdgesGeometry(solid);
        solid.dispose();
        const box = new LineSegments(geometry, material);
        box.position.set(...center);
        box.name = `HotspotOverlay.region${r.id}`;
        group.add(box);
        this.disposables.push(geometry);
      }
    }
    // a cross at each peak, one cell and a half on each side
    const points: number[] = [];
    const nx = shape[0];
    const ny = shape[1] ?? 1;
    for (const r of regions) {
      const cell = [r.peakCell % nx, Math.floor(r.peakCell / nx) % ny, Math.floor(r.peakCell / (nx * ny))];
      const p = viewPosition(cell, shape, size);
      const arm = (1.5 / Math.max(...shape)) * Math.max(...extent);
      const axes = shape.length === 3 ? 3 : 2;
      for (let a = 0; a < axes; a++) {
        const lo = [...p];
        const hi = [...p];
        lo[a] -= arm;
        hi[a] += arm;
        if (axes === 2) {
          lo[2] = 0.02;
          hi[2] = 0.02;
        }
        points.push(...lo, ...hi);
      }
    }
    if (points.length > 0) {
      const geometry = new BufferGeometry();
      geometry.setAttribute('position', new Float32BufferAttribute(points, 3));
      const material = new LineBasicMaterial({ color: displayColor(MARKER_COLOR) });
      const markers = new LineSegments(geometry, material);
      markers.name = 'HotspotOverlay.peaks';
      group.add(markers);
      this.disposables.push(geometry, material);
    }
    scene.add(group);
    this.group = group;
    this.scene = scene;
  }

  clear(): void {
    if (this.group) this.scene?.remove(this.group);
    for (const d of this.disposables) d.dispose();
    this.disposables.length = 0;
    this.group = undefined;
    this.scene = undefined;
  }

  dispose(): void {
    this.clear();
  }
}
