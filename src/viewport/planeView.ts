/**
 * 2D view: the field image on a plane with the domain's aspect ratio, an orthographic camera that fits
 * it to the canvas, and pan/zoom (OrbitControls with rotation off).
 */
import { MOUSE, Mesh, MeshBasicNodeMaterial, OrthographicCamera, PlaneGeometry, Scene, TOUCH, type WebGPURenderer } from 'three/webgpu';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import { PLANE_2D, type FieldColorizer, type FieldImage } from './fieldColorizer.ts';
import { fieldTexture } from './fieldTexture.ts';
import { displayColor, normalisedExtent, type FieldView, type ViewSettings } from './fieldView.ts';

const MARGIN = 1.06;

export class PlaneView implements FieldView {
  readonly kind = '2d' as const;
  readonly scene = new Scene();
  readonly camera = new OrthographicCamera(-1, 1, 1, -1, -10, 10);
  readonly images: readonly FieldImage[];
  readonly stale = false;
  onCameraChange: (() => void) | null = null;
  private readonly extent: number[];
  /** public so the hot-spot panel can centre the view on a region (hotspotPanel.ts) */
  readonly controls: OrbitControls;
  private readonly disposables: { dispose(): void }[] = [];

  constructor(colorizer: FieldColorizer, field: GPUBuffer, shape: readonly number[], size: readonly number[], domElement: HTMLElement, label: string, maxTexels: number, outline?: GPUBuffer) {
    const image = colorizer.createImage(`${label}.image`, field, shape, PLANE_2D, maxTexels, outline);
    this.images = [image];
    this.extent = normalisedExtent(size.slice(0, 2));
    this.scene.background = displayColor(0x202124);
    const texture = fieldTexture(image);
    const material = new MeshBasicNodeMaterial({ map: texture });
    const geometry = new PlaneGeometry(this.extent[0], this.extent[1]);
    const mesh = new Mesh(geometry, material);
    mesh.name = 'PlaneView.field';
    this.scene.add(mesh);
    this.camera.position.set(0, 0, 5);
    this.controls = new OrbitControls(this.camera, domElement);
    this.controls.enableRotate = false;
    this.controls.screenSpacePanning = true;
    this.controls.mouseButtons = { LEFT: MOUSE.PAN, MIDDLE: MOUSE.DOLLY, RIGHT: MOUSE.PAN };
    this.controls.touches = { ONE: TOUCH.PAN, TWO: TOUCH.DOLLY_PAN };
    this.controls.addEventListener('change', () => this.onCameraChange?.());
    this.disposables.push(texture, material, geometry, this.controls);
  }

  encode(pass: GPUComputePassEncoder, settings: ViewSettings): void {
    for (const image of this.images) image.encode(pass, settings);
  }

  render(renderer: WebGPURenderer): void {
    renderer.render(this.scene, this.camera);
  }

  setSize(width: number, height: number): void {
    const aspect = width / Math.max(1, height);
    const [w, h] = this.extent;
    const halfH = (MARGIN * Math.max(h, w / aspect)) / 2;
    this.camera.left = -halfH * aspect;
    this.camera.right = halfH * aspect;
    this.camera.top = halfH;
    this.camera.bottom = -halfH;
    this.camera.updateProjectionMatrix();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    for (const image of this.images) image.dispose();
  }
}
