/**
 * One cell of the sweep's CSV files (samples.csv, summary.csv): numbers as the shortest text that parses
 * back to the same float64 (as timeseries.csv), other JSON values as JSON text, quoted per RFC 4180 when
 * they hold a comma, a quote or a line break; missing values (null, undefined) as an empty cell.
 */
import { formatCsvNumber } from '../io/timeseries.ts';

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? formatCsvNumber(value) : typeof value === 'string' ? value : JSON.stringify(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(',')}\n`;
}
