import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { listSchedules, removeSchedule, runDueSchedules, saveSchedule } from '@ecif/hub';
import { openDatabase } from '../open-database.ts';
import { readMapping } from '../read-mapping.ts';
import { printJson, UsageError } from '../output.ts';

const USAGE = `ecif schedule add --name N --system S --mapping M.json --dir D --pattern 'S_{YYYYMMDD}.dat' --at HH:MM [--full|--delta] [--disabled]
ecif schedule list
ecif schedule remove <name>
ecif schedule run-due          look now: every due schedule loads its day's file, one at a time`;

/** `ecif schedule add|list|remove|run-due`: the daily loads of the files sources drop (R-E7). */
export async function scheduleCommand(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'add':
      return addSchedule(rest);
    case 'list':
      return withDatabase(async ({ database }) => printJson(await listSchedules(database.db)));
    case 'remove': {
      const name = rest[0];
      if (!name || rest.length > 1) throw new UsageError(USAGE);
      return withDatabase(async ({ database }) => {
        await removeSchedule(database.db, name);
        printJson({ removed: name });
      });
    }
    case 'run-due':
      if (rest.length > 0) throw new UsageError(USAGE);
      return withDatabase(async ({ database, reference }) => {
        const runs = await runDueSchedules(database.db, reference, new Date(), {
          actor: `cli:${process.env.USER ?? 'operator'}`,
          requestId: `run-due-${Date.now()}`,
        });
        printJson(runs);
      });
    default:
      throw new UsageError(USAGE);
  }
}

async function withDatabase(
  work: (opened: Awaited<ReturnType<typeof openDatabase>>) => Promise<void>,
): Promise<void> {
  const opened = await openDatabase({ migrate: true });
  try {
    await work(opened);
  } finally {
    await opened.database.close();
  }
}

async function addSchedule(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      name: { type: 'string' },
      system: { type: 'string' },
      mapping: { type: 'string' },
      dir: { type: 'string' },
      pattern: { type: 'string' },
      at: { type: 'string' },
      full: { type: 'boolean', default: false },
      delta: { type: 'boolean', default: false },
      disabled: { type: 'boolean', default: false },
    },
  });
  const { name, system, dir, pattern, at } = values;
  if (!name || !system || !values.mapping || !dir || !pattern || !at) throw new UsageError(USAGE);
  if (values.full && values.delta) throw new UsageError(USAGE);
  const mapping = await readMapping(values.mapping);
  await withDatabase(async ({ database, reference }) => {
    const saved = await saveSchedule(database.db, reference, {
      name,
      system,
      mapping,
      directory: resolve(dir),
      filePattern: pattern,
      mode: values.full ? 'full' : 'delta',
      runAt: at,
      enabled: !values.disabled,
    });
    printJson(saved);
  });
}
