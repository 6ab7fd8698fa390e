import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createDecoder, LineSplitter, type RawLine, type SourceMapping } from '@ecif/core';

export interface FileScan {
  readonly checksum: string;
  readonly size: number;
  readonly lines: number;
  /** Line numbers of the header and trailer records, if the mapping declares them. */
  readonly headerLine: number | undefined;
  readonly trailerLine: number | undefined;
  readonly dataLines: number;
  /** Control totals the header/trailer carried. */
  readonly declaredCount: number | undefined;
  readonly truncatedLastLine: boolean;
  readonly problems: string[];
}

function controlFields(mapping: SourceMapping, text: string): string[] {
  return mapping.layout.type === 'delimited'
    ? text.split(mapping.layout.delimiter)
    : text.trim().split(/\s+/);
}

/**
 * First pass over a file, before anything is written: checksum (for idempotent reloads), line
 * count, header/trailer and their control totals, line endings. A file that fails here is
 * rejected whole and no record of it is applied.
 */
export async function scanFile(path: string, mapping: SourceMapping): Promise<FileScan> {
  const hash = createHash('sha256');
  const splitter = new LineSplitter();
  const decode = createDecoder(mapping.encoding);
  const problems: string[] = [];
  let first: RawLine | undefined;
  let last: RawLine | undefined;
  let lines = 0;
  let truncatedLastLine = false;
  const seeLine = (line: RawLine) => {
    lines++;
    first ??= line;
    last = line;
    if (
      mapping.lineEnding !== 'any' &&
      line.ending !== 'EOF' &&
      line.ending !== mapping.lineEnding
    ) {
      if (problems.length < 5)
        problems.push(
          `line ${line.lineNo} ends with ${line.ending}, the mapping says ${mapping.lineEnding}`,
        );
    }
  };
  for await (const chunk of createReadStream(path)) {
    const bytes = chunk as Buffer;
    hash.update(bytes);
    for (const line of splitter.push(bytes)) seeLine(line);
  }
  const tail = splitter.end();
  if (tail) {
    truncatedLastLine = true;
    seeLine(tail);
  }
  const headerLine = mapping.header.type === 'none' || !first ? undefined : first.lineNo;
  let trailerLine: number | undefined;
  let declaredCount: number | undefined;
  const readCount = (
    line: RawLine | undefined,
    control: { marker: string; recordCountField: number },
    side: string,
  ) => {
    const text = line ? decode(line.bytes) : undefined;
    if (!text?.ok || !text.text.startsWith(control.marker)) {
      problems.push(`the ${side} record (starting with '${control.marker}') is missing`);
      return undefined;
    }
    const field = controlFields(mapping, text.text)[control.recordCountField - 1]?.trim();
    if (!field || !/^\d+$/.test(field)) {
      problems.push(`the ${side} record count (field ${control.recordCountField}) is not a number`);
      return undefined;
    }
    return Number(field);
  };
  if (mapping.header.type === 'control') declaredCount = readCount(first, mapping.header, 'header');
  if (mapping.trailer.type === 'control') {
    trailerLine = last?.lineNo;
    declaredCount = readCount(last, mapping.trailer, 'trailer') ?? declaredCount;
  }
  const dataLines = lines - (headerLine ? 1 : 0) - (trailerLine ? 1 : 0);
  if (declaredCount !== undefined && declaredCount !== dataLines) {
    problems.push(`the control total says ${declaredCount} records, the file has ${dataLines}`);
  }
  if (truncatedLastLine && trailerLine !== undefined)
    problems.push('the file ends without a newline after the trailer (truncated?)');
  return {
    checksum: hash.digest('hex'),
    size: (await stat(path)).size,
    lines,
    headerLine,
    trailerLine,
    dataLines,
    declaredCount,
    truncatedLastLine,
    problems,
  };
}
