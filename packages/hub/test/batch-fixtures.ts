import { writeFileSync } from 'node:fs';

// The small LOAN extract format the batch tests share: UTF-8, `|@|` with a trailing delimiter,
// a `T|@|<count>|@|` trailer and a `.ok` companion holding the record count.

/** Customer number, name, ID type (0 = resident ID), ID number. */
export const LOAN_PERSON_COLUMNS = [
  { name: 'custNo', target: 'sourceCustomerNo' },
  { name: 'name', target: 'attributes.name' },
  { name: 'idType', target: 'attributes.idType', codeMap: { '0': 'RESIDENT_ID' } },
  { name: 'idNo', target: 'attributes.idNo' },
];

export function loanTestMapping(
  columns: readonly Record<string, unknown>[] = LOAN_PERSON_COLUMNS,
  extra: Record<string, unknown> = {},
) {
  return {
    system: 'LOAN',
    encoding: 'UTF-8',
    layout: { type: 'delimited', delimiter: '|@|', trailingDelimiter: true },
    trailer: { type: 'control', marker: 'T', recordCountField: 2 },
    companion: { suffix: '.ok', required: true, contents: 'recordCount' },
    kind: 'individual',
    columns,
    ...extra,
  };
}

/** Writes the records, the trailer (its count overridable) and, unless `ok: false`, the `.ok`. */
export function writeLoanExtract(
  path: string,
  records: readonly (readonly string[])[],
  options: { trailerCount?: number; ok?: string | false } = {},
): string {
  const body = records.map((r) => `${r.join('|@|')}|@|`).join('\n');
  writeFileSync(path, `${body}\nT|@|${options.trailerCount ?? records.length}|@|\n`);
  if (options.ok !== false) writeFileSync(`${path}.ok`, options.ok ?? `${records.length}\n`);
  return path;
}
