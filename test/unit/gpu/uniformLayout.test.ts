import { describe, expect, it } from 'vitest';
import { uniformLayout } from '../../../src/gpu/uniformLayout.ts';
import { composeShader, deviceLibrary } from '../../../src/gpu/shaderSource.ts';

describe('uniformLayout follows the WGSL alignment rules', () => {
  it('places vec2 on 8, vec3/vec4 on 16 and rounds the size to 16', () => {
    const L = uniformLayout('P', [
      ['a', 'f32'],
      ['b', 'vec2f'],
      ['c', 'f32'],
      ['d', 'vec3u'],
      ['e', 'f32'],
      ['f', 'vec4f'],
      ['g', 'i32'],
    ] as const);
    expect(L.fields.map((f) => f.offset)).toEqual([0, 8, 16, 32, 44, 48, 64]);
    expect(L.byteSize).toBe(80);
    expect(L.arrayStride).toBe(80);
    expect(L.wgsl()).toContain('d: vec3<u32>,');
  });

  it('an all-scalar struct of 11 fields has array stride 44 but a 48-byte uniform size', () => {
    const L = uniformLayout('R', Array.from({ length: 11 }, (_, i) => [`f${i}`, 'f32'] as const));
    expect(L.arrayStride).toBe(44);
    expect(L.byteSize).toBe(48);
  });

  it('packs values at their offsets and rejects missing or mis-sized fields', () => {
    const L = uniformLayout('Q', [
      ['n', 'u32'],
      ['h', 'vec2f'],
      ['s', 'i32'],
    ] as const);
    const view = new DataView(L.pack({ n: 7, h: [0.5, -2], s: -3 }));
    expect(view.getUint32(0, true)).toBe(7);
    expect(view.getFloat32(8, true)).toBe(0.5);
    expect(view.getFloat32(12, true)).toBe(-2);
    expect(view.getInt32(16, true)).toBe(-3);
    expect(() => L.pack({ n: 1, h: [1], s: 0 })).toThrow('"h" needs 2 component(s), got 1');
    expect(() => L.pack({ n: 1, s: 0 } as never)).toThrow('missing value for "h"');
  });
});

describe('composeShader', () => {
  it('expands library imports once, transitively, and prepends struct declarations', () => {
    const lib = { 'lib/a': 'fn a() {}\n', 'lib/b': '// #import lib/a\nfn b() { a(); }\n' };
    const L = uniformLayout('Params', [['x', 'f32']] as const);
    const out = composeShader('// #import lib/b\n// #import lib/a\nfn main() { b(); }', { library: lib, structs: [L] });
    expect(out.match(/fn a\(\)/g)?.length).toBe(1);
    expect(out.indexOf('struct Params')).toBe(0);
    expect(out.indexOf('fn a()')).toBeLessThan(out.indexOf('fn b()'));
  });
  it('names a missing library file and an import cycle', () => {
    expect(() => composeShader('// #import lib/nope', { library: {} })).toThrow('WGSL import "lib/nope" is not in the shader library');
    const cyc = { 'lib/x': '// #import lib/y', 'lib/y': '// #import lib/x' };
    expect(() => composeShader('// #import lib/x', { library: cyc })).toThrow('WGSL import cycle: lib/x -> lib/y -> lib/x');
  });
  it('lifts the enable directives of libraries above every declaration, once each', () => {
    const lib = { 'lib/s': 'enable subgroups;\nfn s() {}\n', 'lib/t': 'enable subgroups;\nfn t() {}\n' };
    const L = uniformLayout('Params', [['x', 'f32']] as const);
    const out = composeShader('// #import lib/s\n// #import lib/t\nfn main() {}', { library: lib, structs: [L] });
    expect(out.startsWith('enable subgroups;\n')).toBe(true);
    expect(out.match(/enable subgroups;/g)?.length).toBe(1);
    expect(out.indexOf('struct Params')).toBeGreaterThan(0);
  });
  it('gives a device with subgroups the subgroup reductions and one without them the shared-memory tree', () => {
    const withSubgroups = deviceLibrary({ hasSubgroups: true })['lib/workgroup_reduce'];
    const without = deviceLibrary({ hasSubgroups: false })['lib/workgroup_reduce'];
    for (const lib of [withSubgroups, without]) for (const fn of ['fn workgroup_sum(', 'fn workgroup_sum_sum_min_max(']) expect(lib).toContain(fn);
    expect(withSubgroups).toContain('subgroupAdd(');
    expect(without).not.toMatch(/\bsubgroup[A-Z]\w*\(|enable subgroups/);
  });
});
