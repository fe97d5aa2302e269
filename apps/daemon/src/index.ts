export { buildProgram, runCli } from './program.js';
export {
  defaultConfig,
  loadConfig,
  type LoadConfigOptions,
  type StenoConfig,
} from './config/load-config.js';
export type { LogLevel, Schedule } from './config/config-schema.js';
export { ENV_VARIABLES } from './config/env-overrides.js';
export {
  getSystemStatus,
  initializeDatabase,
  setupCompleteDataSystem,
  type DataSystem,
  type DataSystemOptions,
  type ParentLogger,
} from './system/data-system.js';
export { EventBus, type EventBusOptions } from './system/event-bus.js';
export {
  EVENT_TYPES,
  type DeliveredEvent,
  type EventOf,
  type StenoEvent,
  type StenoEventType,
} from './system/events.js';
export { JobLock } from './system/job-lock.js';
export {
  Scheduler,
  type JobDefinition,
  type JobRun,
  type JobStatus,
  type SchedulerOptions,
} from './system/scheduler.js';
export type { OverallStatus } from './system/judge-status.js';
export type {
  BackupSummary,
  RetentionSummary,
  SystemStatus,
} from './system/status.js';
export type { MetricsSample } from './system/metrics-sampler.js';
export {
  runDaemon,
  type DaemonResult,
  type RunDaemonOptions,
} from './system/run-daemon.js';
