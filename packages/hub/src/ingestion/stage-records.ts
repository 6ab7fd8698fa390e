import { createReadStream } from 'node:fs';
import { LineSplitter, type RawLine, type SourceMapping } from '@ecif/core';
import { sql, type Kysely } from 'kysely';
import { copyRows, type CopyValue } from '../db/bulk-copy.ts';
import type { DB } from '../db/schema.generated.ts';
import { updateJob, type JobRow } from './ingestion-job.repository.ts';
import type { FileScan } from './scan-file.ts';

/** Lines per COPY and per checkpoint of the stage phase. */
const STAGE_BATCH = 5000;
const STAGE_COLUMNS = ['job_id', 'line_no', 'source_customer_no', 'raw'] as const;

/**
 * Phase 1 of a load: lands every data line in `ingestion_stage` with COPY, as the bytes that
 * were sent plus the customer number when it can be read, nothing more, so the file is in the
 * database at close to the raw COPY rate. Rows past the checkpoint (written before a crash, not
 * yet checkpointed) are removed first, so a resumed run lands every line exactly once.
 */
export async function stageRecords(
  db: Kysely<DB>,
  mapping: SourceMapping,
  filePath: string,
  scan: FileScan,
  job: JobRow,
  onProgress: (done: number) => Promise<void>,
): Promise<void> {
  await sql`DELETE FROM ingestion_stage WHERE job_id = ${job.id} AND line_no > ${job.committed_line}`.execute(
    db,
  );
  const keyOf = sourceKeyReader(mapping);
  let done = Math.max(0, job.committed_line - (scan.headerLine ? 1 : 0));
  let batch: CopyValue[][] = [];
  let last: RawLine | undefined;
  const flush = async () => {
    if (!last) return;
    await copyRows(db, 'ingestion_stage', STAGE_COLUMNS, batch);
    const end =
      last.offset + last.bytes.length + (last.ending === 'CRLF' ? 2 : last.ending === 'LF' ? 1 : 0);
    await updateJob(db, job.id, {
      committed_line: last.lineNo,
      committed_offset: end,
      phase_done: done,
    });
    batch = [];
    await onProgress(done);
  };
  const take = (line: RawLine) => {
    last = line;
    if (line.lineNo === scan.headerLine || line.lineNo === scan.trailerLine) return;
    done++;
    const bytes = Buffer.from(line.bytes.buffer, line.bytes.byteOffset, line.bytes.length);
    batch.push([job.id, line.lineNo, keyOf(line.bytes), `\\x${bytes.toString('hex')}`]);
  };
  const splitter = new LineSplitter({
    lineNo: job.committed_line + 1,
    offset: job.committed_offset,
  });
  for await (const chunk of createReadStream(filePath, { start: job.committed_offset })) {
    for (const line of splitter.push(chunk as Buffer)) {
      take(line);
      if (batch.length >= STAGE_BATCH) await flush();
    }
  }
  const tail = splitter.end();
  if (tail) take(tail);
  await flush();
}

/**
 * The customer number of a line, cheaply and only when it is certain: a fixed-width key is its
 * own byte range, a delimited one the field at its position in the decoded line. Malformed bytes
 * or NUL give null (the apply phase rejects such a line with its reasons).
 */
function sourceKeyReader(mapping: SourceMapping): (bytes: Uint8Array) => string | null {
  const decoder = new TextDecoder(mapping.encoding === 'UTF-8' ? 'utf-8' : 'gb18030', {
    fatal: true,
  });
  const index = mapping.columns.findIndex((c) => c.target === 'sourceCustomerNo');
  const clean = (text: string | undefined) => {
    const value = text?.trim() ?? '';
    return value === '' || value.includes('\0') ? null : value;
  };
  const decode = (bytes: Uint8Array) => {
    try {
      return decoder.decode(bytes);
    } catch {
      return undefined;
    }
  };
  const layout = mapping.layout;
  if (layout.type === 'fixed') {
    const start = mapping.columns.slice(0, index).reduce((sum, c) => sum + (c.width ?? 0), 0);
    const end = start + (mapping.columns[index]?.width ?? 0);
    return (bytes) => (bytes.length < end ? null : clean(decode(bytes.subarray(start, end))));
  }
  return (bytes) => clean(decode(bytes)?.split(layout.delimiter, index + 1)[index]);
}
