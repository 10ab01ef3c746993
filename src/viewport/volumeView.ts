/**
 * 3D view: three orthogonal slices through the field (normal to x, y and z), each a colorized image
 * on a plane placed at its cell-centred position inside the domain's bounding box, with an orbit
 * camera. Slices move by index (setSlice) without reallocating anything.
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
} from 'three/webgpu';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import type { FieldColorizer, FieldImage, ImagePlane } from './fieldColorizer.ts';
import { fieldTexture } from './fieldTexture.ts';
import { displayColor, normalisedExtent, type FieldView } from './fieldView.ts';

/** Slice planes by the axis they are normal to: x -> (y, z) image, y -> (x, z), z -> (x, y). */
export const SLICE_PLANES: readonly ImagePlane[] = [
  { axisU: 1, axisV: 2, sliceAxis: 0, sliceIndex: 0 },
  { axisU: 0, axisV: 2, sliceAxis: 1, sliceIndex: 0 },
  { axisU: 0, axisV: 1, sliceAxis: 2, sliceIndex: 0 },
];

const AXES = [new Vector3(1, 0, 0), new Vector3(0, 1, 0), new Vector3(0, 0, 1)];

export class SliceView implements FieldView {
  readonly kind = '3d-slices' as const;
  readonly scene = new Scene();
  readonly camera = new PerspectiveCamera(35, 1, 0.01, 100);
  readonly images: FieldImage[];
  onCameraChange: (() => void) | null = null;
  private readonly extent: number[];
  private readonly meshes: Mesh[] = [];
  private readonly controls: OrbitControls;
  private readonly disposables: { dispose(): void }[] = [];

  constructor(colorizer: FieldColorizer, field: GPUBuffer, private readonly shape: readonly number[], size: readonly number[], domElement: HTMLElement, label: string, maxTexels: number) {
    this.extent = normalisedExtent(size);
    this.scene.background = displayColor(0x202124);
    this.images = SLICE_PLANES.map((plane, axis) =>
      colorizer.createImage(`${label}.slice${'xyz'[axis]}`, field, shape, { ...plane, sliceIndex: Math.floor(shape[axis] / 2) }, maxTexels),
    );
    this.images.forEach((image, axis) => {
      const plane = SLICE_PLANES[axis];
      const texture = fieldTexture(image);
      const material = new MeshBasicNodeMaterial({ map: texture, side: DoubleSide });
      const geometry = new PlaneGeometry(this.extent[plane.axisU], this.extent[plane.axisV]);
      const mesh = new Mesh(geometry, material);
      mesh.name = `SliceView.slice${'xyz'[axis]}`;
      // Plane local x -> image u axis, local y -> image v axis, so uv (0, 0) sits at the grid origin.
      const u = AXES[plane.axisU];
      const v = AXES[plane.axisV];
      mesh.quaternion.setFromRotationMatrix(new Matrix4().makeBasis(u, v, new Vector3().crossVectors(u, v)));
      this.scene.add(mesh);
      this.meshes.push(mesh);
      this.disposables.push(texture, material, geometry);
      this.placeSlice(axis);
    });
    const boxGeometry = new EdgesGeometry(new BoxGeometry(this.extent[0], this.extent[1], this.extent[2]));
    const boxMaterial = new LineBasicMaterial({ color: displayColor(0x9aa0a6) });
    const box = new LineSegments(boxGeometry, boxMaterial);
    box.name = 'SliceView.box';
    this.scene.add(box);
    const axes = new AxesHelper(0.25);
    axes.position.set(-this.extent[0] / 2, -this.extent[1] / 2, -this.extent[2] / 2);
    this.scene.add(axes);
    this.disposables.push(boxGeometry, boxMaterial, axes);

    this.camera.position.set(1.6, -2.2, 1.5);
    this.camera.up.set(0, 0, 1);
    this.camera.lookAt(0, 0, 0);
    this.controls = new OrbitControls(this.camera, domElement);
    this.controls.addEventListener('change', () => this.onCameraChange?.());
    this.disposables.push(this.controls);
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

  setSize(width: number, height: number): void {
    this.camera.aspect = width / Math.max(1, height);
    this.camera.updateProjectionMatrix();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    for (const image of this.images) image.dispose();
  }
}
