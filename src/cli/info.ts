/** `spinode info`: the adapter in use, its backend, the limits granted and the features. */
import { acquireNodeGpu } from '../gpu/nodeGpu.ts';
import { formatBytes } from '../gpu/buffers.ts';
import type { GpuContext } from '../gpu/device.ts';

export function describeGpu(gpu: GpuContext): Record<string, unknown> {
  return {
    adapter: gpu.adapterInfo,
    limits: gpu.limits,
    features: gpu.features,
    timestamps: gpu.hasTimestamps,
    node: process.version,
  };
}

export function formatGpuInfo(gpu: GpuContext): string {
  const a = gpu.adapterInfo;
  const rows: [string, string][] = [
    ['adapter', [a.vendor, a.architecture, a.description].filter(Boolean).join(' / ')],
    ['device', a.device || '-'],
    ['software', a.isSoftware ? 'yes (CPU emulation: correct, not fast)' : 'no'],
    ['backend', a.backend],
    ['timestamps', gpu.hasTimestamps ? 'yes (per-kernel timing available)' : 'no'],
  ];
  for (const [k, v] of Object.entries(gpu.limits)) rows.push([k, /Size$/.test(k) ? `${v} (${formatBytes(v)})` : String(v)]);
  rows.push(['features', gpu.features.join(', ') || '-']);
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}

export async function infoCommand(options: { json?: boolean }): Promise<void> {
  const gpu = await acquireNodeGpu({ label: 'spinode-info' });
  try {
    process.stdout.write(options.json ? `${JSON.stringify(describeGpu(gpu), null, 2)}\n` : `${formatGpuInfo(gpu)}\n`);
  } finally {
    gpu.dispose();
  }
}
