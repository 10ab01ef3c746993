/**
 * ParaView file-series index (`fields/fields.vti.series`): a JSON list of the .vti files with their
 * simulated times, so ParaView shows physical time instead of the file index. Format: ParaView 5.5+
 * "file-series-version" 1.0 (ParaView User's Guide, "Opening a file series" / vtkFileSeriesReader).
 * Names are relative to the series file.
 */

export interface SeriesEntry {
  /** File name relative to the .series file, e.g. "00001200.vti". */
  name: string;
  /** Simulated time of that file. */
  time: number;
}

export function encodeVtkSeries(entries: readonly SeriesEntry[]): string {
  for (const e of entries) {
    if (!Number.isFinite(e.time)) throw new Error(`vtk series: time of "${e.name}" is not finite (${e.time})`);
    if (e.name.includes('"') || e.name.includes('\\')) throw new Error(`vtk series: unusable file name "${e.name}"`);
  }
  const lines = entries.map((e) => `    { "name": ${JSON.stringify(e.name)}, "time": ${String(e.time)} }`);
  return `{\n  "file-series-version": "1.0",\n  "files": [\n${lines.join(',\n')}\n  ]\n}\n`;
}

export function parseVtkSeries(text: string): SeriesEntry[] {
  const json = JSON.parse(text) as { 'file-series-version'?: unknown; files?: unknown };
  if (json['file-series-version'] !== '1.0' || !Array.isArray(json.files)) {
    throw new Error('vtk series: expected {"file-series-version": "1.0", "files": [...]}');
  }
  return json.files.map((f: { name?: unknown; time?: unknown }, i: number) => {
    if (typeof f.name !== 'string' || typeof f.time !== 'number') throw new Error(`vtk series: files[${i}] needs a name and a time`);
    return { name: f.name, time: f.time };
  });
}

/** Zero-padded eight-digit file stem of a step number (DESIGN.md 4.2 `NNNNNNNN`). */
export function stepFileStem(step: number): string {
  if (!Number.isInteger(step) || step < 0) throw new Error(`step must be a non-negative integer, got ${step}`);
  return String(step).padStart(8, '0');
}
