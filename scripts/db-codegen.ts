// Regenerates packages/hub/src/db/schema.generated.ts from the migrations: creates a scratch
// database on the PostgreSQL server (DATABASE_URL's server, or the local one), migrates it,
// runs kysely-codegen and drops the scratch database. `--check` fails when the committed file
// differs (CI's drift check).
import { execFileSync } from 'node:child_process';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from '../packages/hub/src/db/migrator.ts';

const check = process.argv.includes('--check');
const server = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const scratch = `ecif_codegen_${process.pid}`;
const admin = new pg.Client({ connectionString: server.href });
await admin.connect();
await admin.query(`CREATE DATABASE ${scratch}`);
const url = new URL(server.href);
url.pathname = `/${scratch}`;
let status = 0;
try {
  const db = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url.href, max: 1 }) }),
  });
  await migrateToLatest(db);
  await db.destroy();
  const args = [
    'kysely-codegen',
    '--dialect=postgres',
    `--url=${url.href}`,
    '--out-file=packages/hub/src/db/schema.generated.ts',
    '--date-parser=string',
    '--numeric-parser=number',
    '--type-mapping={"int8":"number"}',
    '--log-level=error',
    ...(check ? ['--verify'] : []),
  ];
  try {
    execFileSync('npx', args, { stdio: 'inherit' });
  } catch {
    status = 1;
    console.error(
      check ? 'schema.generated.ts is out of date: run npm run db:codegen' : 'codegen failed',
    );
  }
} finally {
  await admin.query(`DROP DATABASE IF EXISTS ${scratch}`);
  await admin.end();
}
process.exit(status);
