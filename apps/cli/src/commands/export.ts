import { parseArgs } from 'node:util';
import { EcifError } from '@ecif/core';
import { exportCustomers, exportXref } from '@ecif/hub';
import { openDatabase } from '../open-database.ts';
import { readMapping } from '../read-mapping.ts';
import { printJson, UsageError } from '../output.ts';
import { createProgress } from '../progress.ts';

const USAGE = `ecif export customers (--full | --since <ISO time>) --format <mapping.json> --out <file> [--unencodable fail|skip|replace:<char>]
ecif export xref --out <file.csv>`;

// An explicit instant: a date-time with its offset (2026-11-21T00:00:00+08:00), never a guess.
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

function invalid(field: string, code: string, message: string): EcifError {
  return new EcifError('ECIF_VALIDATION', `--${field} ${message}`, {
    issues: [{ field, code, message, severity: 'error' }],
  });
}

function parseSince(text: string): Date {
  const since = new Date(text);
  if (!INSTANT_RE.test(text) || Number.isNaN(since.getTime()))
    throw invalid(
      'since',
      'DATETIME',
      `'${text}' is not an ISO date-time with a time zone, e.g. 2026-11-21T00:00:00+08:00`,
    );
  return since;
}

async function customersCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      full: { type: 'boolean', default: false },
      since: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      unencodable: { type: 'string', default: 'fail' },
    },
  });
  const full = values.full;
  if (!values.format || !values.out || full === (values.since !== undefined))
    throw new UsageError(USAGE);
  const mode =
    values.since === undefined
      ? ({ type: 'full' } as const)
      : ({ type: 'since', since: parseSince(values.since) } as const);
  const mapping = await readMapping(values.format);
  const { database } = await openDatabase({ migrate: true });
  const progress = createProgress('export customers');
  try {
    const summary = await exportCustomers(
      database.db,
      { mapping, outPath: values.out, mode, unencodable: values.unencodable },
      (p) => progress.update(p.done, p.total),
    );
    progress.finish();
    printJson({
      ...summary,
      mode: mode.type,
      ...(mode.type === 'since' ? { since: mode.since.toISOString() } : {}),
    });
  } finally {
    await database.close();
  }
}

async function xrefCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
  if (!values.out) throw new UsageError(USAGE);
  const { database } = await openDatabase({ migrate: true });
  const progress = createProgress('export xref');
  try {
    const summary = await exportXref(database.db, { outPath: values.out }, (p) =>
      progress.update(p.done, p.total),
    );
    progress.finish();
    printJson(summary);
  } finally {
    await database.close();
  }
}

/** `ecif export customers|xref`: golden records or the cross-reference for downstream systems. */
export async function exportCommand(args: string[]): Promise<void> {
  const [what, ...rest] = args;
  try {
    switch (what) {
      case 'customers':
        return await customersCommand(rest);
      case 'xref':
        return await xrefCommand(rest);
      default:
        throw new UsageError(USAGE);
    }
  } catch (error) {
    // Unknown or malformed options are usage errors (exit 64), like a missing one.
    if (
      error instanceof TypeError &&
      'code' in error &&
      String(error.code).startsWith('ERR_PARSE_ARGS')
    )
      throw new UsageError(`${error.message}\n${USAGE}`);
    throw error;
  }
}
