export { createDatabase } from './db/database.ts';
export type { Database, DatabaseKind, DatabaseOptions } from './db/database.ts';
export { migrateDown, migrateToLatest } from './db/migrator.ts';
export type { DB } from './db/schema.generated.ts';
export type { OpContext } from './context.ts';
export { loadReferenceData } from './reference/reference-data.ts';
export type { ReferenceData, SourceSystem } from './reference/reference-data.ts';
export { seedReferenceData } from './reference/seed-reference-data.ts';
export { createOrIdentify } from './customers/create-or-identify.ts';
export { maintainItem, setCustomerActive, updateCustomer } from './customers/update-customer.ts';
export type {
  ItemOperation,
  UpdateCustomerInput,
  WriteResult,
} from './customers/update-customer.ts';
export {
  customerAsOf,
  customerHistory,
  getCustomer,
  getCustomerBySource,
  listAreaItems,
  searchCustomers,
} from './customers/customer-query.service.ts';
export type {
  CustomerAsOf,
  HistoryEntry,
  SearchCriteria,
} from './customers/customer-query.service.ts';
export { mergeCustomers } from './customers/merge.service.ts';
export type {
  CreateCustomerInput,
  CustomerSummary,
  CustomerView,
  IdentificationResult,
  ItemView,
  SourceRef,
  SourceRefView,
} from './customers/customer.types.ts';
export { createLogger, LOG_REDACT_PATHS, loggerOptions } from './logging.ts';
export { createReferenceStore } from './reference/reference-store.ts';
export type { ReferenceStore } from './reference/reference-store.ts';
export {
  listReferenceData,
  putCodeMapping,
  putSurvivorshipRule,
  putUpdateRight,
  putSourceSystem,
  putExtensionAttribute,
} from './reference/reference-admin.ts';
export { demoCustomers, loadDemoData } from './demo/demo-data.ts';
export { loadFile } from './ingestion/load-file.ts';
export type { LoadOutcome, LoadProgress, LoadRequest } from './ingestion/load-file.ts';
export { findJob, listJobs, listRejects } from './ingestion/ingestion-job.repository.ts';
export type { JobRow } from './ingestion/ingestion-job.repository.ts';
export { unlinkSource } from './customers/unlink-source.ts';
export { findJobById, rerunJob, startLoad } from './ingestion/rerun-job.ts';
export type { LoadEnd, RerunResult, StartedLoad } from './ingestion/rerun-job.ts';
export {
  countRejects,
  listRejectsAfter,
  searchJobs,
} from './ingestion/ingestion-job.repository.ts';
export type { JobFilter, JobStatus } from './ingestion/ingestion-job.repository.ts';
export {
  BUSINESS_TIME_ZONE,
  businessClock,
  getSchedule,
  listSchedules,
  removeSchedule,
  runDueSchedules,
  saveSchedule,
  scheduledFilePath,
  Scheduler,
} from './ingestion/scheduler.ts';
export type {
  ScheduleInput,
  ScheduleRun,
  ScheduleRunOutcome,
  ScheduleView,
  SchedulerLog,
  SchedulerOptions,
} from './ingestion/scheduler.ts';
export { exportCustomers } from './export/export-customers.ts';
export type {
  CustomerExportRequest,
  CustomerExportSummary,
  ExportProgress,
} from './export/export-customers.ts';
export { exportXref } from './export/export-xref.ts';
export type { XrefExportRequest, XrefExportSummary } from './export/export-xref.ts';
