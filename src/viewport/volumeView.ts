/**
 * 3D view of a field in its bounding box, with an orbit camera, in one of two modes:
 * - slices: three orthogonal slices (normal to x, y and z), each a colorized FieldImage on a plane at
 *   its cell-centred position; slices move by index without reallocating anything;
 * - iso-surface: the surface field = level ray-cast on the GPU (isosurfaceCaster.ts) into a
 *   screen-space image, drawn as a full-screen layer under the box outline, recomputed when the field,
 *   the settings or the camera change.
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
import { fieldTexture } from './fieldTexture.ts';
import { displayColor, normalisedExtent, type FieldView, type ViewSettings } from './fieldView.ts';

/** Slice planes by the axis they are normal to: x -> (y, z) image, y -> (x, z), z -> (x, y). */
export const SLICE_PLANES: readonly ImagePlane[] = [
  { axisU: 1, axisV: 2, sliceAxis: 0, sliceIndex: 0 },
  { axisU: 0, axisV: 2, sliceAxis: 1, sliceIndex: 0 },
  { axisU: 0, axisV: 1, sliceAxis: 2, sliceIndex: 0 },
];

export type VolumeMode = 'slices' | 'isosurface';

const AXES = [new Vector3(1, 0, 0), new Vector3(0, 1, 0), new Vector3(0, 0, 1)];

export class VolumeView implements FieldView {
  readonly scene = new Scene();
  readonly camera = new PerspectiveCamera(35, 1, 0.01, 100);
  readonly images: FieldImage[];
  onCameraChange: (() => void) | null = null;
  mode: VolumeMode = 'slices';
  private readonly extent: number[];
  private readonly meshes: Mesh[] = [];
  private readonly controls: OrbitControls;
  private readonly iso: IsosurfaceImage;
  private readonly isoLayer: Mesh;
  private readonly isoMaterial: MeshBasicNodeMaterial;
  private isoTexture: ExternalTexture | undefined;
  private cameraMoved = true;
  private width = 1;
  private height = 1;
  private readonly disposables: { dispose(): void }[] = [];

  constructor(
    colorizer: FieldColorizer,
    caster: IsosurfaceCaster,
    field: GPUBuffer,
    private readonly shape: readonly number[],
    size: readonly number[],
    domElement: HTMLElement,
    label: string,
    /** Largest side of a slice image, and of the ray-cast image, in texels. */
    private readonly maxTexels: { slice: number; isosurface: number },
  ) {
    this.extent = normalisedExtent(size);
    this.scene.background = displayColor(0x202124);
    this.images = SLICE_PLANES.map((plane, axis) =>
      colorizer.createImage(`${label}.slice${'xyz'[axis]}`, field, shape, { ...plane, sliceIndex: Math.floor(shape[axis] / 2) }, maxTexels.slice),
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

    // The iso-surface layer: a full-screen quad (clip-space positions, no camera) drawn first, with
    // the ray-cast image; pixels the rays missed are cut out (alpha test) so the background shows.
    this.iso = caster.createImage(`${label}.isosurface`, field, shape, this.extent);
    this.isoMaterial = new MeshBasicNodeMaterial({ depthTest: false, depthWrite: false, alphaTest: 0.5 });
    this.isoMaterial.vertexNode = vec4(positionGeometry.xy, 0, 1);
    const quad = new PlaneGeometry(2, 2);
    this.isoLayer = new Mesh(quad, this.isoMaterial);
    this.isoLayer.name = 'VolumeView.isosurfaceLayer';
    this.isoLayer.frustumCulled = false;
    this.isoLayer.renderOrder = -1;
    this.isoLayer.visible = false;
    this.scene.add(this.isoLayer);
    this.disposables.push(this.isoMaterial, quad);

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
    return this.mode === 'slices' ? '3d-slices' : '3d-isosurface';
  }

  get stale(): boolean {
    return this.mode === 'isosurface' && this.cameraMoved;
  }

  setMode(mode: VolumeMode): void {
    this.mode = mode;
    for (const mesh of this.meshes) mesh.visible = mode === 'slices';
    this.isoLayer.visible = mode === 'isosurface';
    this.cameraMoved = true;
  }

  /** Index of the slice normal to `axis` (0 = x, 1 = y, 2 = z). */
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
    this.width = width;
    this.height = height;
    this.camera.aspect = width / Math.max(1, height);
    this.camera.updateProjectionMatrix();
    // The ray-cast image follows the canvas's aspect ratio within the texel budget.
    const scale = Math.min(1, this.maxTexels.isosurface / Math.max(width, height));
    if (this.iso.resize(width * scale, height * scale) && this.iso.texture) {
      this.isoTexture?.dispose();
      this.isoTexture = fieldTexture({ texture: this.iso.texture, label: this.iso.label });
      this.isoMaterial.map = this.isoTexture;
      this.isoMaterial.needsUpdate = true;
    }
    this.cameraMoved = true;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.isoTexture?.dispose();
    for (const image of this.images) image.dispose();
    this.iso.dispose();
  }
}
