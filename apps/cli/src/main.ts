#!/usr/bin/env node
import { customerCommand } from './commands/customer.ts';
import { exportCommand } from './commands/export.ts';
import { jobsCommand, loadCommand, rejectsCommand } from './commands/load.ts';
import { migrateCommand } from './commands/migrate.ts';
import { scheduleCommand } from './commands/schedule.ts';
import { serveCommand } from './commands/serve.ts';
import { synthCommand } from './commands/synth.ts';
import { exitWithError, UsageError } from './output.ts';

const HELP = `ecif — the ECIF customer master-data hub

  ecif migrate [latest|down]     apply (or revert one) database migration, seed reference data
  ecif serve [--demo]            run the HTTP API (PORT, DATABASE_URL, ECIF_DATA_DIR, LOG_LEVEL)
  ecif customer get|create|find  look up or create customers (JSON out)
  ecif load --system S --mapping M --file F [--full|--delta]   load a source extract (resumable)
  ecif jobs [<job>]              batch jobs and their counts
  ecif jobs rerun|watch <job>    re-run a failed job (resumes it), or follow a running one
  ecif rejects <job> [--out f]   rejected records with line, raw text and reasons
  ecif schedule add|list|remove|run-due   daily loads of the files sources drop (docs/batch.md)
  ecif export customers|xref     golden records in a mapping's format, or the cross-reference CSV (docs/export.md)
  ecif synth --people N --companies M --out DIR [--seed S]   synthetic multi-source extracts + truth.csv

Database: DATABASE_URL=postgres://… or embedded PGlite in ECIF_DATA_DIR (default ./data/pglite).
Exit codes: 0 ok, 1 internal, 2 invalid input, 3 conflict, 4 not found, 64 usage (docs/errors.md).`;

const [command, ...args] = process.argv.slice(2);
try {
  switch (command) {
    case 'migrate':
      await migrateCommand(args);
      break;
    case 'serve':
      await serveCommand(args);
      break;
    case 'customer':
      await customerCommand(args);
      break;
    case 'load':
      await loadCommand(args);
      break;
    case 'jobs':
      await jobsCommand(args);
      break;
    case 'rejects':
      await rejectsCommand(args);
      break;
    case 'schedule':
      await scheduleCommand(args);
      break;
    case 'export':
      await exportCommand(args);
      break;
    case 'synth':
      synthCommand(args);
      break;
    case undefined:
    case 'help':
    case '--help':
      console.log(HELP);
      break;
    default:
      throw new UsageError(`Unknown command '${command}'\n\n${HELP}`);
  }
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(64);
  }
  exitWithError(error);
}
