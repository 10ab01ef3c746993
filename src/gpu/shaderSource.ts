/**
 * How WGSL is loaded and composed (the one documented way; see docs/shaders.md).
 *
 * - Every kernel is a `.wgsl` file under shaders/, imported by the TypeScript module that owns it with
 *   Vite's `?raw` suffix. Vite, Vitest and the Node CLI (bin/spinode registers a loader for `?raw`)
 *   all see the same text.
 * - Shared helpers live in shaders/lib/ and are pulled in by a directive line in the kernel:
 *       // #import lib/complex
 *   `composeShader` replaces each directive with the library text (once per kernel, transitively).
 * - A library whose implementation depends on the device (`lib/workgroup_reduce`) comes from
 *   `deviceLibrary(gpu)`; `enable` directives in libraries are moved to the top of the kernel.
 * - Uniform structs are never written in WGSL by hand: the owner passes its UniformLayout(s) and their
 *   generated declarations are prepended.
 */
import complexLib from '../../shaders/lib/complex.wgsl?raw';
import compensatedSumLib from '../../shaders/lib/compensated_sum.wgsl?raw';
import reduceTreeLib from '../../shaders/lib/workgroup_reduce_tree.wgsl?raw';
import reduceSubgroupLib from '../../shaders/lib/workgroup_reduce_subgroup.wgsl?raw';
import type { UniformLayout } from './uniformLayout.ts';

export const WGSL_LIBRARY: Record<string, string> = {
  'lib/complex': complexLib,
  'lib/compensated_sum': compensatedSumLib,
};

/** How a device's kernels reduce over a workgroup: with subgroup operations when it has them. */
export type ReductionVariant = 'subgroup' | 'workgroup';

export function reductionVariant(gpu: { hasSubgroups: boolean }): ReductionVariant {
  return gpu.hasSubgroups ? 'subgroup' : 'workgroup';
}

/**
 * The library for kernels on `gpu`: WGSL_LIBRARY plus `lib/workgroup_reduce`, the subgroup or the
 * shared-memory-tree implementation of the same functions (shaders/lib/workgroup_reduce_*.wgsl).
 */
export function deviceLibrary(gpu: { hasSubgroups: boolean }): Record<string, string> {
  return { ...WGSL_LIBRARY, 'lib/workgroup_reduce': reductionVariant(gpu) === 'subgroup' ? reduceSubgroupLib : reduceTreeLib };
}

const IMPORT_LINE = /^[ \t]*\/\/[ \t]*#import[ \t]+([\w/.-]+)[ \t]*$/gm;
const ENABLE_LINE = /^[ \t]*enable[ \t]+[\w, \t]+;[ \t]*$/gm;

export interface ComposeOptions {
  /** Uniform layouts whose struct declarations the kernel uses. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  structs?: UniformLayout<any>[];
  /** Extra WGSL prepended after the structs (e.g. a fused prologue function). */
  prelude?: string;
  library?: Record<string, string>;
}

export function composeShader(source: string, options: ComposeOptions = {}): string {
  const library = options.library ?? WGSL_LIBRARY;
  const included = new Set<string>();
  const expand = (text: string, chain: string[]): string =>
    text.replace(IMPORT_LINE, (_line, name: string) => {
      if (chain.includes(name)) throw new Error(`WGSL import cycle: ${[...chain, name].join(' -> ')}`);
      if (included.has(name)) return `// (${name} already imported)`;
      const lib = library[name];
      if (lib === undefined) throw new Error(`WGSL import "${name}" is not in the shader library`);
      included.add(name);
      return `// ---- begin ${name}\n${expand(lib, [...chain, name])}\n// ---- end ${name}`;
    });
  const structs = (options.structs ?? []).map((s) => s.wgsl()).join('\n');
  // WGSL wants its `enable` directives before every declaration: lift them from the libraries to the top.
  const enables = new Set<string>();
  const body = expand(source, []).replace(ENABLE_LINE, (line) => {
    enables.add(line.trim());
    return '';
  });
  return [[...enables].join('\n'), structs, options.prelude ?? '', body].filter((s) => s.length > 0).join('\n');
}
