/**
 * A design read from a CSV file in the layout of MOOSE's CSVSampler (stochastic-tools module): a header
 * line naming the columns, then one sample per line, numbers separated by commas. Here a column's name
 * is the scene path it sets (`--set` syntax), so a matrix exported from MOOSE, Dakota or a spreadsheet
 * runs as it is. Blank lines and lines starting with `#` are skipped; a name may be double-quoted.
 * Errors name the file's line (and column).
 */
import type { SampleMatrix } from './sampleMatrix.ts';
import { InputError } from '../cli/inputError.ts';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Parse the CSV text; `columns` selects and orders columns by name (all columns when omitted). */
export function csvDesign(text: string, fileName: string, columns?: readonly string[]): SampleMatrix {
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/);
  let header: string[] | undefined;
  const rows: unknown[][] = [];
  const origin: string[] = [];
  let pick: number[] = [];
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const cells = line.split(',').map((c) => c.trim());
    const where = `${fileName} line ${i + 1}`;
    if (!header) {
      header = cells.map((c) => c.replace(/^"(.*)"$/, '$1'));
      header.forEach((name, k) => {
        if (name === '') throw new InputError(`${where}: column ${k + 1} of the header has no name (a scene path, e.g. model.kappa)`);
        if (header!.indexOf(name) !== k) throw new InputError(`${where}: column "${name}" appears twice`);
      });
      const wanted = columns ?? header;
      pick = wanted.map((name) => {
        const k = header!.indexOf(name);
        if (k < 0) throw new InputError(`${fileName}: no column "${name}" (the header has ${header!.join(', ')})`);
        return k;
      });
      return;
    }
    if (cells.length !== header.length) throw new InputError(`${where}: ${cells.length} values, the header has ${header.length} columns`);
    rows.push(
      pick.map((k) => {
        if (!NUMBER.test(cells[k])) throw new InputError(`${where}, column "${header![k]}": "${cells[k]}" is not a number`);
        return Number(cells[k]);
      }),
    );
    origin.push(where);
  });
  if (!header) throw new InputError(`${fileName}: no header line (the scene paths, comma-separated)`);
  if (rows.length === 0) throw new InputError(`${fileName}: a header but no samples`);
  return { paths: pick.map((k) => header![k]), rows, origin };
}
