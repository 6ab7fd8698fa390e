import { z } from 'zod';
import { BASIC_FIELDS } from '../party/basic-fields.ts';
import { CUSTOMER_KINDS } from '../party/customer-kind.ts';
import { issue, type Issue } from '../validation/issue.ts';
import { FILE_ENCODINGS } from './decode.ts';

/**
 * A source system's extract format as data (R-E7): one JSON document per system and file
 * type, checked before any data is read. `docs/batch.md` documents every key.
 */
const DATE_FORMATS = ['YYYYMMDD', 'YYYY-MM-DD', 'YYYY/MM/DD', 'YYMMDD'] as const;

/** Where a column's value goes: the source key, a basic attribute, an extension, or an area item. */
const TARGET_RE =
  /^(sourceCustomerNo|kind|operation|ignore|attributes\.[A-Za-z]+|ext\.[A-Za-z][A-Za-z0-9]*|(contacts|addresses)\.[A-Z_]+|accounts\.(accountNo|accountType|balance))$/;

const columnSchema = z
  .object({
    name: z.string().min(1).max(40),
    target: z
      .string()
      .regex(
        TARGET_RE,
        'must be sourceCustomerNo, kind, operation, ignore, attributes.<field>, ext.<name>, contacts.<TYPE> or addresses.<TYPE>',
      ),
    width: z.number().int().min(1).max(4000).optional(),
    codeMap: z.record(z.string(), z.string()).optional(),
    dateFormat: z.enum(DATE_FORMATS).optional(),
    /** Implied decimals of an integer amount column (amounts in fen: 2). */
    impliedDecimals: z.number().int().min(0).max(6).optional(),
  })
  .strict();

const controlTotalsSchema = z
  .object({
    /** Lines of a header/trailer start with this marker (e.g. 'H', 'T', 'TRL'). */
    marker: z.string().min(1).max(10),
    /** 1-based field (delimited) holding the record count. */
    recordCountField: z.number().int().min(1),
    /** 1-based field holding the sum of `amountColumn`, if the source sends one. */
    amountSumField: z.number().int().min(1).optional(),
    amountColumn: z.string().optional(),
  })
  .strict();

export const sourceMappingSchema = z
  .object({
    system: z.string().regex(/^[A-Z][A-Z0-9_]{1,19}$/),
    description: z.string().max(200).optional(),
    encoding: z.enum(FILE_ENCODINGS),
    lineEnding: z.enum(['LF', 'CRLF', 'any']).default('any'),
    layout: z.discriminatedUnion('type', [
      z
        .object({
          type: z.literal('delimited'),
          delimiter: z.string().min(1).max(8),
          trailingDelimiter: z.boolean().default(false),
        })
        .strict(),
      z.object({ type: z.literal('fixed') }).strict(),
    ]),
    header: z
      .union([
        z.object({ type: z.literal('none') }).strict(),
        z.object({ type: z.literal('columnNames') }).strict(),
        controlTotalsSchema.extend({ type: z.literal('control') }).strict(),
      ])
      .default({ type: 'none' }),
    trailer: z
      .union([
        z.object({ type: z.literal('none') }).strict(),
        controlTotalsSchema.extend({ type: z.literal('control') }).strict(),
      ])
      .default({ type: 'none' }),
    companion: z
      .object({
        suffix: z.enum(['.ok', '.flg', '.chk']),
        required: z.boolean(),
        contents: z.enum(['none', 'recordCount', 'size', 'md5']).default('none'),
      })
      .strict()
      .optional(),
    kind: z.enum(CUSTOMER_KINDS).optional(),
    columns: z.array(columnSchema).min(1).max(500),
    /** Constant values for targets the file does not carry (or leaves empty), e.g. the account type. */
    defaults: z
      .record(z.string().regex(TARGET_RE, 'must be a column target'), z.string())
      .optional(),
    /** Fields this system may update in the hub (`attributes.<field>`); absent = the hub's rights apply. */
    updatableFields: z.array(z.string()).optional(),
  })
  .strict();

export type SourceMapping = z.infer<typeof sourceMappingSchema>;
export type MappingColumn = z.infer<typeof columnSchema>;

/**
 * Parses a mapping document and reports every mistake with the key that holds it, before a
 * single data byte is read.
 */
export function parseSourceMapping(
  document: unknown,
): { ok: true; mapping: SourceMapping } | { ok: false; issues: Issue[] } {
  const parsed = sourceMappingSchema.safeParse(document);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => {
        const path = i.path
          .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
          .join('')
          .replace(/^\./, '');
        const keys = 'keys' in i && Array.isArray(i.keys) ? i.keys.join(',') : '';
        const field = [path, keys].filter(Boolean).join('.');
        return issue(field || 'mapping', i.code.toUpperCase(), i.message);
      }),
    };
  }
  const mapping = parsed.data;
  const issues = semanticIssues(mapping);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, mapping };
}

function semanticIssues(m: SourceMapping): Issue[] {
  const issues: Issue[] = [];
  const targets = m.columns.map((c) => c.target);
  if (!targets.includes('sourceCustomerNo'))
    issues.push(issue('columns', 'SOURCE_KEY_MISSING', 'one column must target sourceCustomerNo'));
  if (m.kind === undefined && !targets.includes('kind'))
    issues.push(issue('kind', 'KIND_MISSING', 'set kind, or map a column to kind'));
  const names = new Set<string>();
  m.columns.forEach((c, i) => {
    const at = `columns[${i}]`;
    if (names.has(c.name))
      issues.push(issue(`${at}.name`, 'DUPLICATE', `column name ${c.name} is used twice`));
    names.add(c.name);
    if (m.layout.type === 'fixed' && c.width === undefined)
      issues.push(
        issue(`${at}.width`, 'REQUIRED', 'fixed-width layouts need a byte width per column'),
      );
    const [head, field] = c.target.split('.');
    if (head === 'attributes' && field !== undefined && !Object.hasOwn(BASIC_FIELDS, field)) {
      issues.push(issue(`${at}.target`, 'FIELD_UNKNOWN', `${field} is not a basic attribute`));
    }
  });
  for (const side of ['header', 'trailer'] as const) {
    const control = m[side];
    if (
      control.type === 'control' &&
      control.amountColumn !== undefined &&
      !names.has(control.amountColumn)
    ) {
      issues.push(
        issue(`${side}.amountColumn`, 'COLUMN_UNKNOWN', `${control.amountColumn} is not a column`),
      );
    }
  }
  if (m.layout.type === 'delimited' && m.layout.delimiter.includes('\n'))
    issues.push(issue('layout.delimiter', 'DELIMITER', 'must not contain a newline'));
  return issues;
}
