import { AnalysisResultSchema } from './entities/analysis-result.js';
import { ConfigurationSchema } from './entities/configuration.js';
import { FileInfoSchema } from './entities/file-info.js';
import { ParticipantSchema } from './entities/participant.js';
import { SessionSchema } from './entities/session.js';
import { SystemMetricsSchema } from './entities/system-metrics.js';
import { TranscriptEntrySchema } from './entities/transcript-entry.js';
import { UserSchema } from './entities/user.js';

/** Every entity schema, to pass as MikroORM's `entities`. */
export const ALL_ENTITIES = [
  SessionSchema,
  TranscriptEntrySchema,
  ParticipantSchema,
  AnalysisResultSchema,
  FileInfoSchema,
  UserSchema,
  ConfigurationSchema,
  SystemMetricsSchema,
] as const;

/** The tables the entities map to, parents before children. */
export const TABLE_NAMES = [
  'sessions',
  'transcript_entries',
  'participants',
  'analysis_results',
  'file_infos',
  'users',
  'configurations',
  'system_metrics',
] as const;
