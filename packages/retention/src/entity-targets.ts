/**
 * Where one retention target lives in SQL: its table, the columns it ages
 * and sizes by, and how it reaches the session that owns it.
 */
export interface EntityTarget {
  entity: RetentionEntity;
  table: string;
  /** Property name to column name, for the date fields a rule may use. */
  dateColumns: Record<string, string>;
  defaultDateField: string;
  /** The column linking a row to its session; null for sessions. */
  sessionColumn: string | null;
  /** SQL giving the size in bytes of row `alias`, when rows have one. */
  sizeSql: ((alias: string) => string) | null;
  /** Columns holding paths of files that belong to the row. */
  fileColumns: string[];
}

/** The entities a retention rule may target. */
export const RETENTION_ENTITIES = [
  'Session',
  'TranscriptEntry',
  'AnalysisResult',
  'FileInfo',
  'SystemMetrics',
] as const;

export type RetentionEntity = (typeof RETENTION_ENTITIES)[number];

const CHILD = { sizeSql: null, fileColumns: [] };

const TARGETS: Record<RetentionEntity, EntityTarget> = {
  Session: {
    entity: 'Session',
    table: 'sessions',
    dateColumns: {
      createdAt: 'created_at',
      updatedAt: 'updated_at',
      startTime: 'start_time',
      endTime: 'end_time',
    },
    defaultDateField: 'createdAt',
    sessionColumn: null,
    sizeSql: (alias) =>
      '(select coalesce(sum(f.file_size), 0) from file_infos f ' +
      `where f.session_id = ${alias}.id)`,
    fileColumns: ['audio_file_path', 'transcript_file_path'],
  },
  TranscriptEntry: child('TranscriptEntry', 'transcript_entries'),
  AnalysisResult: child('AnalysisResult', 'analysis_results'),
  FileInfo: {
    ...child('FileInfo', 'file_infos'),
    sizeSql: (alias) => `${alias}.file_size`,
    fileColumns: ['file_path'],
  },
  SystemMetrics: {
    entity: 'SystemMetrics',
    table: 'system_metrics',
    dateColumns: { timestamp: 'timestamp' },
    defaultDateField: 'timestamp',
    sessionColumn: null,
    ...CHILD,
  },
};

function child(entity: RetentionEntity, table: string): EntityTarget {
  return {
    entity,
    table,
    dateColumns: { createdAt: 'created_at' },
    defaultDateField: 'createdAt',
    sessionColumn: 'session_id',
    ...CHILD,
  };
}

/** The SQL facts of `entity`; undefined for an entity retention skips. */
export function targetOf(entity: string): EntityTarget | undefined {
  return (TARGETS as Record<string, EntityTarget>)[entity];
}
