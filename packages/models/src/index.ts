export * from './enums.js';
export * from './errors.js';
export { countWords } from './validate.js';
export {
  AnalysisResult,
  AnalysisResultSchema,
} from './entities/analysis-result.js';
export {
  Configuration,
  ConfigurationSchema,
} from './entities/configuration.js';
export { FileInfo, FileInfoSchema } from './entities/file-info.js';
export { Participant, ParticipantSchema } from './entities/participant.js';
export { Session, SessionSchema } from './entities/session.js';
export {
  SystemMetrics,
  SystemMetricsSchema,
} from './entities/system-metrics.js';
export {
  TranscriptEntry,
  TranscriptEntrySchema,
} from './entities/transcript-entry.js';
export { User, UserSchema } from './entities/user.js';
export { ALL_ENTITIES, TABLE_NAMES } from './registry.js';
