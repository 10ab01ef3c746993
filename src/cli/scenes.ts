/** `spinode scenes`: the bundled scenes, one line each (name and the first sentence of its description). */
import { bundledScenes } from '../scene/bundled.ts';

export function scenesCommand(): void {
  const width = Math.max(...bundledScenes.map((s) => s.name.length));
  for (const s of bundledScenes) {
    const first = s.description.split(/(?<=\.)\s/)[0];
    process.stdout.write(`${s.name.padEnd(width)}  ${first}\n`);
  }
}
