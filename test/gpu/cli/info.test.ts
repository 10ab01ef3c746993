import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { NO_ADAPTER_MESSAGE } from '../../../src/gpu/nodeGpu.ts';

const bin = fileURLToPath(new URL('../../../bin/spinode', import.meta.url));

function spinode(args: string[], env: Record<string, string> = {}) {
  return spawnSync(bin, args, { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
}

describe('spinode info', () => {
  it('--json reports the adapter, its backend, the granted limits and the features', () => {
    const r = spinode(['info', '--json']);
    expect(r.status).toBe(0);
    const info = JSON.parse(r.stdout);
    expect(info.adapter.backend).toMatch(/^node \(/);
    expect(info.limits.maxComputeWorkgroupStorageSize).toBeGreaterThanOrEqual(16384);
    expect(info.limits.maxStorageBufferBindingSize).toBeGreaterThanOrEqual(64 * 1024 * 1024);
    expect(info.features).toContain('timestamp-query');
  });

  it('with every Vulkan driver hidden: one sentence saying what to install, exit 1', () => {
    const r = spinode(['info'], { VK_ICD_FILENAMES: '/nonexistent/icd.json' });
    expect(r.status).toBe(1);
    const ours = r.stderr.split('\n').filter((l) => l.startsWith('spinode:'));
    expect(ours).toEqual([`spinode: ${NO_ADAPTER_MESSAGE}`]);
    expect(r.stdout).toBe('');
  });
});
