import { createRecordSplitter, type SplitResult } from './record-layout.ts';
import type { SourceMapping } from './source-mapping.ts';

/** The record splitter a mapping describes: its layout, one field per column, its encoding. */
export function splitterFor(mapping: SourceMapping): (line: Uint8Array) => SplitResult {
  return createRecordSplitter(
    mapping.layout.type === 'delimited'
      ? {
          type: 'delimited',
          delimiter: mapping.layout.delimiter,
          trailingDelimiter: mapping.layout.trailingDelimiter,
          fieldCount: mapping.columns.length,
        }
      : { type: 'fixed', widths: mapping.columns.map((c) => c.width ?? 0) },
    mapping.encoding,
  );
}
