import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { EcifError } from '@ecif/core';
import { findJob, listJobs, listRejects, loadFile } from '@ecif/hub';
import { openDatabase } from '../open-database.ts';
import { printJson, UsageError } from '../output.ts';
import { createProgress } from '../progress.ts';

const LOAD_USAGE = 'ecif load --system <CODE> --mapping <file.json> --file <data> [--full|--delta]';

export async function loadCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      system: { type: 'string' },
      mapping: { type: 'string' },
      file: { type: 'string' },
      full: { type: 'boolean', default: false },
      delta: { type: 'boolean', default: false },
      actor: { type: 'string', default: `cli:${process.env.USER ?? 'operator'}` },
    },
  });
  if (!values.system || !values.mapping || !values.file || (values.full && values.delta))
    throw new UsageError(LOAD_USAGE);
  let mapping: unknown;
  try {
    mapping = JSON.parse(await readFile(values.mapping, 'utf8'));
  } catch (error) {
    throw new EcifError('ECIF_VALIDATION', `Cannot read the mapping ${values.mapping}`, {
      issues: [
        {
          field: 'mapping',
          code: 'MAPPING_UNREADABLE',
          message: error instanceof Error ? error.message : String(error),
          severity: 'error',
        },
      ],
    });
  }
  const { database, reference } = await openDatabase({ migrate: true });
  const progress = createProgress(`load ${values.system}`);
  try {
    const outcome = await loadFile(
      database.db,
      reference,
      {
        system: values.system,
        mapping,
        filePath: values.file,
        mode: values.full ? 'full' : 'delta',
      },
      { actor: values.actor, requestId: `load-${Date.now()}` },
      (p) => progress.update(p.done, p.total),
    );
    progress.finish();
    printJson({ alreadyLoaded: outcome.alreadyLoaded, job: jobView(outcome.job) });
  } finally {
    await database.close();
  }
}

function jobView(job: Awaited<ReturnType<typeof findJob>>) {
  if (!job) return null;
  return {
    id: job.id,
    system: job.source_system,
    mode: job.mode,
    file: job.file_name,
    checksum: job.checksum,
    status: job.status,
    received: job.received,
    accepted: job.accepted,
    rejected: job.rejected,
    deactivated: job.deactivated,
    expectedRecords: job.expected_records,
    startedAt: job.started_at,
    finishedAt: job.finished_at,
    error: job.error,
  };
}

export async function jobsCommand(args: string[]): Promise<void> {
  const { database } = await openDatabase({ migrate: true });
  try {
    if (args[0]) {
      const job = await findJob(database.db, args[0]);
      if (!job) throw new EcifError('ECIF_ITEM_NOT_FOUND', `No job ${args[0]}`);
      printJson(jobView(job));
    } else {
      printJson((await listJobs(database.db, { limit: 50, offset: 0 })).map(jobView));
    }
  } finally {
    await database.close();
  }
}

/** `ecif rejects <job> [--out file.csv]`: what the source must fix and resend (闭环反馈). */
export async function rejectsCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { out: { type: 'string' } },
  });
  const jobId = positionals[0];
  if (!jobId) throw new UsageError('ecif rejects <job> [--out rejects.csv]');
  const { database } = await openDatabase({ migrate: true });
  try {
    if (!(await findJob(database.db, jobId)))
      throw new EcifError('ECIF_ITEM_NOT_FOUND', `No job ${jobId}`);
    const rows = await listRejects(database.db, jobId, { limit: 1_000_000, offset: 0 });
    const items = rows.map((r) => ({ line: r.line_no, raw: r.raw, reasons: r.reasons }));
    if (values.out) {
      const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
      const lines = items.map((r) =>
        [r.line, quote(r.raw), quote(JSON.stringify(r.reasons))].join(','),
      );
      await writeFile(values.out, ['line,raw,reasons', ...lines].join('\n') + '\n', 'utf8');
      printJson({ job: jobId, rejects: items.length, out: values.out });
    } else {
      printJson(items);
    }
  } finally {
    await database.close();
  }
}
