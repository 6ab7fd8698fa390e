import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.generated.ts';
import { checkOutputPath, csvField, openPendingFile } from './export-file.ts';
import type { ExportProgress } from './export-customers.ts';
import { countXrefs, listXrefs } from './export.repository.ts';

export interface XrefExportRequest {
  readonly outPath: string;
  /** Source records read per query (keyset pages); default 2,000. */
  readonly pageSize?: number;
}

export interface XrefExportSummary {
  readonly file: string;
  readonly records: number;
  readonly bytes: number;
  readonly sha256: string;
}

/**
 * `ecif export xref`: every source record the hub knows (`customer_xref`, linked or unlinked)
 * as UTF-8 CSV `system,source_customer_no,ecif_no` with the customer's current ECIF number,
 * streamed in keyset pages from one read-only snapshot and renamed into place when complete.
 */
export async function exportXref(
  db: Kysely<DB>,
  request: XrefExportRequest,
  onProgress: (p: ExportProgress) => void = () => {},
): Promise<XrefExportSummary> {
  const outPath = await checkOutputPath(request.outPath);
  const pageSize = request.pageSize ?? 2000;
  const utf8 = new TextEncoder();
  const file = await openPendingFile(outPath);
  try {
    await file.write(utf8.encode('system,source_customer_no,ecif_no\n'));
    const records = await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (trx) => {
        const total = await countXrefs(trx);
        let done = 0;
        let after: { system: string; customerNo: string } | undefined;
        for (;;) {
          const rows = await listXrefs(trx, after, pageSize);
          if (rows.length === 0) break;
          const text = rows
            .map((r) => [r.source_system, r.source_customer_no, r.ecif_no].map(csvField).join(','))
            .join('\n');
          await file.write(utf8.encode(`${text}\n`));
          done += rows.length;
          const last = rows[rows.length - 1];
          after = last
            ? { system: last.source_system, customerNo: last.source_customer_no }
            : after;
          onProgress({ done, total: Math.max(total, done) });
          if (rows.length < pageSize) break;
        }
        if (done === 0) onProgress({ done: 0, total: 0 });
        return done;
      });
    const written = await file.close();
    await file.publish();
    return { file: outPath, records, bytes: written.bytes, sha256: written.sha256 };
  } catch (error) {
    await file.discard();
    throw error;
  }
}
