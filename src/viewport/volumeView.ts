/**
 * 3D view of a field in its bounding box, with an orbit camera, in one of three modes:
 * - slices: three orthogonal slices (normal to x, y and z), each a colorized FieldImage on a plane at
 *   its cell-centred position; slices move by index without reallocating anything;
 * - iso-surface: the surface field = level ray-cast on the GPU (isosurfaceCaster.ts) into a
 *   screen-space image, drawn as a full-screen layer under the box outline, recomputed when the field,
 *   the settings or the camera change;
 * - volume: direct volume rendering (volumeRenderer.ts), the same kind of screen-space layer: colours
 *   from the colormap, opacity from a ramp over the value, composited front to back.
 */
import {
  AxesHelper,
  BoxGeometry,
  DoubleSide,
  EdgesGeometry,
  LineBasicMaterial,
  LineSegments,
  Matrix4,
  Mesh,
  MeshBasicNodeMaterial,
  PerspectiveCamera,
  PlaneGeometry,
  Scene,
  Vector3,
  type ExternalTexture,
  type WebGPURenderer,
} from 'three/webgpu';
import { positionGeometry, vec4 } from 'three/tsl';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import type { FieldColorizer, FieldImage, ImagePlane } from './fieldColorizer.ts';
import type { IsosurfaceCaster, IsosurfaceImage } from './isosurfaceCaster.ts';
import type { VolumeImage, VolumeRenderer } from './volumeRenderer.ts';
import type { RayCastImage } from './rayCastImage.ts';
import { fieldTexture } from './fieldTexture.ts';
import { displayColor, normalisedExtent, type FieldView, type ViewSettings } from './fieldView.ts';

/** Slice planes by the axis they are normal to: x -> (y, z) image, y -> (x, z), z -> (x, y). */
export const SLICE_PLANES: readonly ImagePlane[] = [
  { axisU: 1, axisV: 2, sliceAxis: 0, sliceIndex: 0 },
  { axisU: 0, axisV: 2, sliceAxis: 1, sliceIndex: 0 },
  { axisU: 0, axisV: 1, sliceAxis: 2, sliceIndex: 0 },
];

export type VolumeMode = 'slices' | 'isosurface' | 'volume';

export const VOLUME_MODES: readonly VolumeMode[] = ['slices', 'isosurface', 'volume'];

/** Display RGB of the 3D view's background (0x202124), also what the volume rendering composites onto. */
const BACKGROUND = 0x202124;
const BACKGROUND_RGB = [0x20 / 255, 0x21 / 255, 0x24 / 255];

/** A full-screen layer (clip-space quad, no camera) that shows a screen-space image computed by one of our kernels. */
class ScreenLayer {
  readonly mesh: Mesh;
  readonly material: MeshBasicNodeMaterial;
  private readonly quad = new PlaneGeometry(2, 2);
  private texture: ExternalTexture | undefined;

  constructor(name: string, alphaTest: number) {
    this.material = new MeshBasicNodeMaterial({ depthTest: false, depthWrite: false, alphaTest });
    this.material.vertexNode = vec4(positionGeometry.xy, 0, 1);
    this.mesh = new Mesh(this.quad, this.material);
    this.mesh.name = name;
    this.mesh.frustumCulled = false;
    this.mesh.renderOrder = -1;
    this.mesh.visible = false;
  }

  /** Resize the image within the texel budget and re-wrap its texture for three when it was reallocated. */
  fit(image: RayCastImage, width: number, height: number, maxTexels: number): void {
    const scale = Math.min(1, maxTexels / Math.max(width, height));
    if (image.resize(width * scale, height * scale) && image.texture) {
      this.texture?.dispose();
      this.texture = fieldTexture({ texture: image.texture, label: image.label });
      this.material.map = this.texture;
      this.material.needsUpdate = true;
    }
  }

  dispose(): void {
    this.texture?.dispose();
    this.material.dispose();
    this.quad.dispose();
  }
}

const AXES = [new Vector3(1, 0, 0), new Vector3(0, 1, 0), new Vector3(0, 0, 1)];

export class VolumeView implements FieldView {
  readonly scene = new Scene();
  readonly camera = new PerspectiveCamera(35, 1, 0.01, 100);
  readonly images: FieldImage[];
  onCameraChange: (() => void) | null = null;
  mode: VolumeMode = 'slices';
  private readonly extent: number[];
  private readonly meshes: Mesh[] = [];
  /** public so the hot-spot panel can centre the view on a region (hotspotPanel.ts) */
  readonly controls: OrbitControls;
  private readonly iso: IsosurfaceImage;
  private readonly isoLayer: ScreenLayer;
  private readonly volume: VolumeImage;
  private readonly volumeLayer: ScreenLayer;
  private cameraMoved = true;
  private readonly disposables: { dispose(): void }[] = [];

  constructor(
    colorizer: FieldColorizer,
    caster: IsosurfaceCaster,
    volumeRenderer: VolumeRenderer,
    field: GPUBuffer,
    private readonly shape: readonly number[],
    size: readonly number[],
    domElement: HTMLElement,
    label: string,
    /** Largest side of a slice image, and of the ray-cast images, in texels. */
    private readonly maxTexels: { slice: number; isosurface: number },
    /** Field whose iso-line the slices outline (the particle indicator), if any. */
    outline?: GPUBuffer,
  ) {
    this.extent = normalisedExtent(size);
    this.scene.background = displayColor(BACKGROUND);
    this.images = SLICE_PLANES.map((plane, axis) =>
      colorizer.createImage(`${label}.slice${'xyz'[axis]}`, field, shape, { ...plane, sliceIndex: Math.floor(shape[axis] / 2) }, maxTexels.slice, outline),
    );
    this.images.forEach((image, axis) => {
      const plane = SLICE_PLANES[axis];
      const texture = fieldTexture(image);
      const material = new MeshBasicNodeMaterial({ map: texture, side: DoubleSide });
      const geometry = new PlaneGeometry(this.extent[plane.axisU], this.extent[plane.axisV]);
      const mesh = new Mesh(geometry, material);
      mesh.name = `VolumeView.slice${'xyz'[axis]}`;
      // Plane local x -> image u axis, local y -> image v axis, so uv (0, 0) sits at the grid origin.
      const u = AXES[plane.axisU];
      const v = AXES[plane.axisV];
      mesh.quaternion.setFromRotationMatrix(new Matrix4().makeBasis(u, v, new Vector3().crossVectors(u, v)));
      this.scene.add(mesh);
      this.meshes.push(mesh);
      this.disposables.push(texture, material, geometry);
      this.placeSlice(axis);
    });

    // The iso-surface layer: drawn first, with the ray-cast image; pixels the rays missed are cut out
    // (alpha test) so the background shows. The volume layer covers the whole screen (alpha 1: the
    // kernel composites onto the background colour).
    this.iso = caster.createImage(`${label}.isosurface`, field, shape, this.extent);
    this.isoLayer = new ScreenLayer('VolumeView.isosurfaceLayer', 0.5);
    this.volume = volumeRenderer.createImage(`${label}.volume`, field, shape, this.extent);
    this.volumeLayer = new ScreenLayer('VolumeView.volumeLayer', 0);
    this.scene.add(this.isoLayer.mesh, this.volumeLayer.mesh);
    this.disposables.push(this.isoLayer, this.volumeLayer);

    const boxGeometry = new EdgesGeometry(new BoxGeometry(this.extent[0], this.extent[1], this.extent[2]));
    const boxMaterial = new LineBasicMaterial({ color: displayColor(0x9aa0a6) });
    const box = new LineSegments(boxGeometry, boxMaterial);
    box.name = 'VolumeView.box';
    this.scene.add(box);
    const axes = new AxesHelper(0.25);
    axes.position.set(-this.extent[0] / 2, -this.extent[1] / 2, -this.extent[2] / 2);
    this.scene.add(axes);
    this.disposables.push(boxGeometry, boxMaterial, axes);

    this.camera.position.set(1.6, -2.2, 1.5);
    this.camera.up.set(0, 0, 1);
    this.camera.lookAt(0, 0, 0);
    this.controls = new OrbitControls(this.camera, domElement);
    this.controls.addEventListener('change', () => {
      this.cameraMoved = true;
      this.onCameraChange?.();
    });
    this.disposables.push(this.controls);
  }

  get kind(): string {
    return `3d-${this.mode}`;
  }

  get stale(): boolean {
    return this.mode !== 'slices' && this.cameraMoved;
  }

  setMode(mode: VolumeMode): void {
    this.mode = mode;
    for (const mesh of this.meshes) mesh.visible = mode === 'slices';
    this.isoLayer.mesh.visible = mode === 'isosurface';
    this.volumeLayer.mesh.visible = mode === 'volume';
    this.cameraMoved = true;
  }

  /** Index of the slice normal to `axis` (0 = x, 1 = y, 2 = z). */
  /** Take over another view's camera and slices (the same scene shown again, e.g. for another field). */
  copyStateFrom(other: VolumeView): void {
    for (let axis = 0; axis < 3; axis++) this.setSlice(axis, other.sliceIndex(axis));
    this.camera.position.copy(other.camera.position);
    this.camera.quaternion.copy(other.camera.quaternion);
    this.controls.target.copy(other.controls.target);
    this.controls.update();
    this.cameraMoved = true;
  }

  sliceIndex(axis: number): number {
    return this.images[axis].sliceIndex;
  }

  setSlice(axis: number, index: number): void {
    this.images[axis].setSliceIndex(index);
    this.placeSlice(axis);
  }

  private placeSlice(axis: number): void {
    const n = this.shape[axis];
    const position = new Vector3();
    position.setComponent(axis, ((this.images[axis].sliceIndex + 0.5) / n - 0.5) * this.extent[axis]);
    this.meshes[axis].position.copy(position);
  }

  encode(pass: GPUComputePassEncoder, settings: ViewSettings): void {
    if (this.mode === 'slices') {
      for (const image of this.images) image.encode(pass, settings);
      return;
    }
    this.camera.updateMatrixWorld();
    if (this.mode === 'volume') {
      this.volume.encode(pass, this.camera, {
        colormap: settings.colormap,
        range: settings.range,
        offset: settings.offset,
        signed: settings.signed,
        background: BACKGROUND_RGB,
      });
      this.cameraMoved = false;
      return;
    }
    this.iso.encode(pass, this.camera, {
      level: settings.isoLevel,
      colormap: settings.colormap,
      range: [settings.range[0] + settings.offset, settings.range[1] + settings.offset],
      surfaceColor: settings.isoColor,
    });
    this.cameraMoved = false;
  }

  render(renderer: WebGPURenderer): void {
    renderer.render(this.scene, this.camera);
  }

  setSize(width: number, height: number): void {
    this.camera.aspect = width / Math.max(1, height);
    this.camera.updateProjectionMatrix();
    // The ray-cast images follow the canvas's aspect ratio within the texel budget.
    this.isoLayer.fit(this.iso, width, height, this.maxTexels.isosurface);
    this.volumeLayer.fit(this.volume, width, height, this.maxTexels.isosurface);
    this.cameraMoved = true;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    for (const image of this.images) image.dispose();
    this.iso.dispose();
    this.volume.dispose();
  }
}
