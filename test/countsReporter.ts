/**
 * Prints the number of tests per kind (unit / gpu / e2e) and a plain closing line
 * "tests: N passed, N failed, N skipped" that CI log readers understand.
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class CountsReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const byProject = new Map<string, { passed: number; failed: number; skipped: number }>();
    for (const mod of testModules) {
      const name = mod.project.name || 'default';
      const c = byProject.get(name) ?? { passed: 0, failed: 0, skipped: 0 };
      for (const t of mod.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') c.passed++;
        else if (state === 'failed') c.failed++;
        else c.skipped++;
      }
      if (mod.state() === 'failed' && [...mod.children.allTests()].length === 0) c.failed++;
      byProject.set(name, c);
    }
    const total = { passed: 0, failed: 0, skipped: 0 };
    const lines: string[] = [];
    for (const [name, c] of [...byProject].sort()) {
      lines.push(`  ${name.padEnd(5)} ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`);
      total.passed += c.passed;
      total.failed += c.failed;
      total.skipped += c.skipped;
    }
    process.stdout.write(`\nTests by kind:\n${lines.join('\n')}\n`);
    process.stdout.write(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped\n`);
  }
}
