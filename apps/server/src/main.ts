import {
  createDatabase,
  createLogger,
  createReferenceStore,
  loadDemoData,
  migrateToLatest,
  Scheduler,
  seedReferenceData,
} from '@ecif/hub';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';

// Composition root: config → database (migrated, reference data seeded) → app → listen.
const config = loadConfig();
const log = createLogger(config.LOG_LEVEL);
const demo = process.argv.includes('--demo');
const database = await createDatabase({
  url: config.DATABASE_URL,
  dataDir: config.ECIF_DATA_DIR,
  poolSize: config.ECIF_DB_POOL_SIZE,
});
log.info({ database: database.describe }, 'database.opened');
const applied = await migrateToLatest(database.db);
if (applied.length > 0) log.info({ applied }, 'database.migrated');
await seedReferenceData(database.db);
const reference = createReferenceStore(database.db);
if (demo) {
  const created = await loadDemoData(database.db, reference, {
    actor: 'system:demo',
    requestId: 'demo-load',
  });
  if (created > 0) log.info({ created }, 'demo.loaded');
}
const scheduler = new Scheduler(database.db, reference, {
  intervalSeconds: config.ECIF_SCHEDULER_INTERVAL_SECONDS,
  log,
});
const app = await buildApp({
  database,
  reference,
  logLevel: config.LOG_LEVEL,
  scheduler,
  batchDir: config.ECIF_BATCH_DIR,
});
await app.listen({ port: config.PORT, host: config.HOST });
if (config.ECIF_SCHEDULER || process.argv.includes('--scheduler')) scheduler.start();
const base = `http://localhost:${config.PORT}`;
console.log(
  `\nECIF hub is running on ${database.describe}\n  API docs:     ${base}/docs\n  OpenAPI 3.1:  ${base}/openapi.json\n  Health:       ${base}/healthz\n  Try:          curl '${base}/api/v1/customers?name=wang'\n`,
);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'server.stopping');
    void scheduler.stop(); // a load in progress is resumable: it is not waited for
    void app
      .close()
      .then(() => database.close())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        log.error({ err: error }, 'server.stop_failed');
        process.exit(1);
      });
  });
}
