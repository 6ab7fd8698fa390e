import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { EcifError } from '@ecif/core';

// Writes are batched into ~1 MiB chunks: a few hundred thousand records stay fast without
// holding the file in memory.
const FLUSH_AT = 1 << 20;

export interface WrittenFile {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly md5: string;
}

/**
 * A file written under a temporary name next to its destination and renamed into place only
 * when complete, so a reader never sees half a file and a failed export leaves nothing behind.
 */
export interface PendingFile {
  readonly path: string;
  write(bytes: Uint8Array): Promise<void>;
  /** Flushes, syncs and closes the temporary file; the destination is not touched yet. */
  close(): Promise<WrittenFile>;
  /** Renames the closed temporary file to its destination. */
  publish(): Promise<void>;
  /** Closes (if open) and deletes the temporary file. */
  discard(): Promise<void>;
  /** The temporary file's path (to read it back, e.g. a body written before its header). */
  readonly tempPath: string;
}

export async function openPendingFile(path: string): Promise<PendingFile> {
  const tempPath = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  const handle: FileHandle = await open(tempPath, 'wx');
  const sha256 = createHash('sha256');
  const md5 = createHash('md5');
  let chunks: Uint8Array[] = [];
  let pending = 0;
  let bytes = 0;
  let closed = false;
  const flush = async () => {
    if (pending === 0) return;
    const buffer = Buffer.concat(chunks, pending);
    chunks = [];
    pending = 0;
    await handle.write(buffer);
  };
  return {
    path,
    tempPath,
    async write(data) {
      sha256.update(data);
      md5.update(data);
      chunks.push(data);
      pending += data.length;
      bytes += data.length;
      if (pending >= FLUSH_AT) await flush();
    },
    async close() {
      await flush();
      await handle.sync();
      await handle.close();
      closed = true;
      return { path, bytes, sha256: sha256.digest('hex'), md5: md5.digest('hex') };
    },
    async publish() {
      await rename(tempPath, path);
    },
    async discard() {
      if (!closed) await handle.close().catch(() => undefined);
      closed = true;
      await rm(tempPath, { force: true });
    },
  };
}

/** Appends a closed temporary file's bytes to another pending file (streamed). */
export async function appendFile(target: PendingFile, sourcePath: string): Promise<void> {
  for await (const chunk of createReadStream(sourcePath, { highWaterMark: FLUSH_AT })) {
    await target.write(chunk as Buffer);
  }
}

/** The output must go into an existing directory and must not be a directory itself. */
export async function checkOutputPath(path: string): Promise<string> {
  const absolute = resolve(path);
  const problem = (message: string) =>
    new EcifError('ECIF_VALIDATION', `Cannot write ${path}: ${message}`, {
      issues: [{ field: 'out', code: 'OUTPUT_PATH', message, severity: 'error' }],
    });
  const dir = await stat(dirname(absolute)).catch(() => undefined);
  if (!dir?.isDirectory()) throw problem(`the directory ${dirname(absolute)} does not exist`);
  const existing = await stat(absolute).catch(() => undefined);
  if (existing?.isDirectory()) throw problem('it is a directory');
  return absolute;
}

/** RFC 4180 quoting where needed: a comma, a quote or a line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
