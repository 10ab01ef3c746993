/**
 * Appends rows to `timeseries.csv` (Node). Rows are buffered and written whole (each with its
 * newline) when the buffer passes 64 KiB, when a second has passed since the last write, on
 * `flush()` and on `close()` (which also fsyncs). A crash loses at most the unflushed rows, never
 * corrupts earlier ones; `resume` drops whatever the file holds past the checkpoint's step.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { writeFileAtomic } from './atomicWrite.ts';
import { readTimeseries, timeseriesHeader, timeseriesRow } from './timeseries.ts';

export interface TimeseriesWriterOptions {
  /** Write buffered rows at least this often (default 1000 ms). */
  flushIntervalMs?: number;
  /** Write when this many bytes are buffered (default 64 KiB). */
  flushBytes?: number;
}

export class TimeseriesWriter {
  private fd: number | null;
  private buffered: string[] = [];
  private bufferedBytes = 0;
  private lastFlush = Date.now();
  private readonly flushIntervalMs: number;
  private readonly flushBytes: number;

  private constructor(
    readonly path: string,
    readonly columns: readonly string[],
    options: TimeseriesWriterOptions,
  ) {
    this.flushIntervalMs = options.flushIntervalMs ?? 1000;
    this.flushBytes = options.flushBytes ?? 64 * 1024;
    this.fd = openSync(path, 'a');
  }

  /** Start a new file (replacing any old one) with the header line. */
  static async create(path: string, columns: readonly string[], options: TimeseriesWriterOptions = {}): Promise<TimeseriesWriter> {
    if (columns[0] !== 'step') throw new Error(`timeseries: the first column must be "step", got "${columns[0]}"`);
    await writeFileAtomic(path, timeseriesHeader(columns));
    return new TimeseriesWriter(path, columns, options);
  }

  /**
   * Continue the file of a run resumed from the checkpoint at `lastStep`: rows with step > lastStep
   * (written after that checkpoint) and a line cut short by a crash are dropped, then rows append.
   * A missing file is started afresh; a file with other columns is an error.
   */
  static async resume(path: string, columns: readonly string[], lastStep: number, options: TimeseriesWriterOptions = {}): Promise<TimeseriesWriter> {
    if (!existsSync(path)) return TimeseriesWriter.create(path, columns, options);
    let table;
    try {
      table = readTimeseries(readFileSync(path, 'utf8'), { allowPartialLastLine: true });
    } catch (e) {
      throw new Error(`${path}: ${(e as Error).message}`);
    }
    if (table.columns.join(',') !== columns.join(',')) {
      throw new Error(`${path} has columns ${table.columns.join(',')}, but this run writes ${columns.join(',')}`);
    }
    const kept = table.rows.filter((r) => r[0] <= lastStep);
    const lines = kept.map((r) => timeseriesRow(columns, Object.fromEntries(columns.map((c, k) => [c, r[k]]))));
    await writeFileAtomic(path, [timeseriesHeader(columns), ...lines]);
    return new TimeseriesWriter(path, columns, options);
  }

  /** Add one row; every column must have a value. */
  append(row: Readonly<Record<string, number>>): void {
    if (this.fd === null) throw new Error(`timeseries: ${this.path} is closed`);
    const line = timeseriesRow(this.columns, row);
    this.buffered.push(line);
    this.bufferedBytes += line.length;
    if (this.bufferedBytes >= this.flushBytes || Date.now() - this.lastFlush >= this.flushIntervalMs) this.flush();
  }

  /** Write buffered rows to the file (the OS has them; `close` makes them durable). */
  flush(): void {
    if (this.fd === null || this.buffered.length === 0) return;
    const bytes = Buffer.from(this.buffered.join(''), 'utf8');
    for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done, bytes.length - done);
    this.buffered = [];
    this.bufferedBytes = 0;
    this.lastFlush = Date.now();
  }

  /** Flush, fsync and close. Safe to call twice. */
  close(): void {
    if (this.fd === null) return;
    this.flush();
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = null;
  }
}
