/**
 * Atomic file replacement (Node only): write to a temporary file next to the target, fsync it, rename
 * it over the target, fsync the directory. A reader (or a crash) sees the old file or the new one,
 * never a partial one, because rename(2) within one directory is atomic on POSIX file systems (and
 * MoveFileEx with replace on Windows).
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export type FileContent = string | Uint8Array | Iterable<string | Uint8Array>;

export interface AtomicWriteOptions {
  /** fsync the file and its directory before returning (default true). Off for outputs whose loss on a power cut is harmless. */
  durable?: boolean;
}

/** fsync a directory so a rename or create inside it survives a power cut. No-op where the OS refuses (Windows). */
export async function fsyncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (e) {
    // Windows cannot open or fsync directories; POSIX systems can.
    const code = (e as NodeJS.ErrnoException).code;
    if (process.platform !== 'win32' && code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EPERM') throw e;
  } finally {
    await handle?.close();
  }
}

/** Write `content` (one string or buffer, or pieces written one after another) to a new file at `path`. */
export async function writeFileDurable(path: string, content: FileContent, durable = true): Promise<void> {
  const handle = await open(path, 'w');
  try {
    const pieces = typeof content === 'string' || content instanceof Uint8Array ? [content] : content;
    for (const piece of pieces) {
      const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
      // write() may write less than asked; loop until the piece is out.
      for (let done = 0; done < bytes.length; ) {
        const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, null);
        done += bytesWritten;
      }
    }
    if (durable) await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Replace `path` atomically with `content`. */
export async function writeFileAtomic(path: string, content: FileContent, options: AtomicWriteOptions = {}): Promise<void> {
  const durable = options.durable ?? true;
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFileDurable(temp, content, durable);
    await rename(temp, path);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
  if (durable) await fsyncDirectory(dir);
}
