/**
 * Uniform struct layouts derived from one field list, so the WGSL declaration and the bytes written
 * from TypeScript cannot drift apart. Offsets follow the WGSL alignment rules (WGSL spec section
 * "Alignment and Size"): scalars 4 bytes, vec2 aligned to 8, vec3 and vec4 to 16, struct size rounded
 * up to its largest alignment (and to 16 for the uniform address space).
 */
export type WgslScalarType = 'f32' | 'u32' | 'i32';
export type WgslFieldType = WgslScalarType | `vec2${'f' | 'u' | 'i'}` | `vec3${'f' | 'u' | 'i'}` | `vec4${'f' | 'u' | 'i'}`;

interface FieldInfo {
  name: string;
  type: WgslFieldType;
  offset: number;
  components: number;
  scalar: WgslScalarType;
}

const SCALAR_OF: Record<string, WgslScalarType> = { f: 'f32', u: 'u32', i: 'i32' };

function describe(type: WgslFieldType): { components: number; align: number; size: number; scalar: WgslScalarType } {
  if (type === 'f32' || type === 'u32' || type === 'i32') return { components: 1, align: 4, size: 4, scalar: type };
  const n = Number(type[3]);
  const scalar = SCALAR_OF[type[4]];
  return { components: n, align: n === 2 ? 8 : 16, size: 4 * n, scalar };
}

function roundUp(x: number, a: number): number {
  return Math.ceil(x / a) * a;
}

export type UniformValues<F extends readonly (readonly [string, WgslFieldType])[]> = {
  [K in F[number] as K[0]]: K[1] extends WgslScalarType ? number : readonly number[];
};

export class UniformLayout<F extends readonly (readonly [string, WgslFieldType])[]> {
  readonly fields: readonly FieldInfo[];
  /** Size in bytes, a multiple of 16 (uniform buffers need it). */
  readonly byteSize: number;
  /** Stride of an `array<Struct>` in a storage buffer: the size rounded up to the largest field alignment. */
  readonly arrayStride: number;

  constructor(
    readonly structName: string,
    fieldList: F,
  ) {
    let offset = 0;
    let maxAlign = 4;
    const fields: FieldInfo[] = [];
    const seen = new Set<string>();
    for (const [name, type] of fieldList) {
      if (seen.has(name)) throw new Error(`UniformLayout ${structName}: duplicate field "${name}"`);
      seen.add(name);
      const d = describe(type);
      offset = roundUp(offset, d.align);
      fields.push({ name, type, offset, components: d.components, scalar: d.scalar });
      offset += d.size;
      maxAlign = Math.max(maxAlign, d.align);
    }
    this.fields = fields;
    this.arrayStride = roundUp(offset, maxAlign);
    this.byteSize = roundUp(this.arrayStride, 16);
  }

  /** The WGSL `struct` declaration for this layout. */
  wgsl(): string {
    const body = this.fields
      .map((f) => `  ${f.name}: ${f.components === 1 ? f.type : `vec${f.components}<${f.scalar}>`},`)
      .join('\n');
    return `struct ${this.structName} {\n${body}\n};\n`;
  }

  offsetOf(name: string): number {
    const f = this.fields.find((x) => x.name === name);
    if (!f) throw new Error(`UniformLayout ${this.structName}: no field "${name}"`);
    return f.offset;
  }

  /** Write all fields into `target` (allocated once by the caller, reused every step). */
  pack(values: UniformValues<F>, target: ArrayBuffer = new ArrayBuffer(this.byteSize)): ArrayBuffer {
    if (target.byteLength < this.byteSize) throw new Error(`UniformLayout ${this.structName}: target too small`);
    const view = new DataView(target);
    const record = values as Record<string, number | readonly number[]>;
    for (const f of this.fields) {
      const v = record[f.name];
      if (v === undefined) throw new Error(`UniformLayout ${this.structName}: missing value for "${f.name}"`);
      const comps = typeof v === 'number' ? [v] : v;
      if (comps.length !== f.components) {
        throw new Error(`UniformLayout ${this.structName}: "${f.name}" needs ${f.components} component(s), got ${comps.length}`);
      }
      for (let i = 0; i < f.components; i++) {
        const at = f.offset + 4 * i;
        const x = comps[i];
        if (f.scalar === 'f32') view.setFloat32(at, x, true);
        else if (f.scalar === 'u32') view.setUint32(at, x >>> 0, true);
        else view.setInt32(at, x | 0, true);
      }
    }
    return target;
  }
}

export function uniformLayout<const F extends readonly (readonly [string, WgslFieldType])[]>(
  structName: string,
  fields: F,
): UniformLayout<F> {
  return new UniformLayout(structName, fields);
}
