import { defineConfig } from 'vitest/config';

// The browser app (src/viewport) is served and built by Vite. WGSL files are imported with `?raw`.
// Two pages: index.html (the viewport) and bench.html (the benchmark suite, src/bench/page.ts).
export default defineConfig({
  root: '.',
  build: { target: 'es2022', outDir: 'dist', sourcemap: true, rolldownOptions: { input: { main: 'index.html', bench: 'bench.html' } } },
  server: { port: 5173, strictPort: false },
  test: {
    reporters: ['default', './test/countsReporter.ts'],
    projects: [
      {
        extends: true,
        // property tests and float64 grids take seconds on a busy two-core machine: 30 s, not vitest's 5 s
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node', testTimeout: 30_000 },
      },
      {
        extends: true,
        test: {
          name: 'gpu',
          include: ['test/gpu/**/*.test.ts'],
          environment: 'node',
          // The `webgpu` addon needs real processes (PLATFORM.md: env changes do not reach the Vulkan loader in threads).
          pool: 'forks',
          // Two cores and a software GPU: give kernels time. The GPU and browser files share one group of two
          // workers (groupOrder 1, after the unit files): each alone leaves a core idle while it compiles
          // pipelines or runs a float64 twin, and the longest file, the browser's scene loop, then overlaps
          // the GPU files instead of following them (docs/benchmark.md, "The test suite's wall time").
          sequence: { groupOrder: 1 },
          maxWorkers: 2,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          sequence: { groupOrder: 1 },
          maxWorkers: 2,
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
