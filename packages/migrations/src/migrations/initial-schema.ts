import { Migration } from '@mikro-orm/migrations';
import { joinStatement } from './join-statement.js';

/**
 * The statements of the schema `Database.createTables()` builds from the
 * entities, as MikroORM 6.6.16 prints them; a test holds the two equal.
 */
const INITIAL_SCHEMA: ReadonlyArray<string | readonly string[]> = [
  [
    'create table `configurations` (',
    '`id` integer not null primary key autoincrement,',
    '`key` text not null,',
    '`value` text null,',
    '`category` text null,',
    '`description` text null,',
    '`updated_at` datetime not null);',
  ],
  [
    'create unique index `configurations_key_unique` on `configurations`',
    '(`key`);',
  ],
  [
    'create index `configurations_category_index` on `configurations`',
    '(`category`);',
  ],
  [
    'create table `sessions` (',
    '`id` integer not null primary key autoincrement,',
    '`title` text not null,',
    '`start_time` datetime not null,',
    '`end_time` datetime null,',
    '`duration` double null,',
    "`status` text check (`status` in ('active', 'paused', 'completed',",
    "'failed', 'cancelled')) not null default 'active',",
    '`participant_count` integer not null default 0,',
    '`audio_file_path` text null,',
    '`transcript_file_path` text null,',
    '`metadata` json null,',
    '`created_at` datetime not null,',
    '`updated_at` datetime not null,',
    'constraint sessions_duration_range check (duration >= 0),',
    'constraint sessions_participant_count_range check (participant_count',
    '>= 0),',
    'constraint sessions_end_time_order check (end_time is null or',
    'end_time >= start_time));',
  ],
  'create index `sessions_status_index` on `sessions` (`status`);',
  ['create index `sessions_created_at_index` on `sessions`', '(`created_at`);'],
  ['create index `sessions_start_time_index` on `sessions`', '(`start_time`);'],
  [
    'create table `participants` (',
    '`id` integer not null primary key autoincrement,',
    '`session_id` integer not null,',
    '`name` text not null,',
    '`speaker_id` text null,',
    '`speaking_time` double not null default 0,',
    '`word_count` integer not null default 0,',
    '`interruptions` integer not null default 0,',
    '`questions_asked` integer not null default 0,',
    '`sentiment_score` double null,',
    '`engagement_level` double null,',
    'constraint `participants_session_id_foreign` foreign',
    'key(`session_id`) references `sessions`(`id`) on delete cascade on',
    'update cascade,',
    'constraint participants_speaking_time_range check (speaking_time >=',
    '0),',
    'constraint participants_word_count_range check (word_count >= 0),',
    'constraint participants_interruptions_range check (interruptions >=',
    '0),',
    'constraint participants_questions_asked_range check (questions_asked',
    '>= 0),',
    'constraint participants_sentiment_score_range check (sentiment_score',
    '>= -1 and sentiment_score <= 1),',
    'constraint participants_engagement_level_range check',
    '(engagement_level >= 0 and engagement_level <= 1));',
  ],
  [
    'create index `participants_session_id_index` on `participants`',
    '(`session_id`);',
  ],
  [
    'create table `file_infos` (',
    '`id` integer not null primary key autoincrement,',
    '`session_id` integer not null,',
    '`file_path` text not null,',
    '`file_type` text not null,',
    '`file_size` integer not null default 0,',
    '`checksum` text null,',
    '`created_at` datetime not null,',
    'constraint `file_infos_session_id_foreign` foreign key(`session_id`)',
    'references `sessions`(`id`) on delete cascade on update cascade,',
    'constraint file_infos_file_size_range check (file_size >= 0));',
  ],
  [
    'create index `file_infos_session_id_index` on `file_infos`',
    '(`session_id`);',
  ],
  ['create index `file_infos_checksum_index` on `file_infos`', '(`checksum`);'],
  [
    'create index `file_infos_created_at_index` on `file_infos`',
    '(`created_at`);',
  ],
  [
    'create table `analysis_results` (',
    '`id` integer not null primary key autoincrement,',
    '`session_id` integer not null,',
    "`analysis_type` text check (`analysis_type` in ('summary',",
    "'action_items', 'topics', 'sentiment')) not null,",
    '`result_data` json null,',
    '`confidence` double null,',
    '`processing_time` double null,',
    '`model_version` text null,',
    '`created_at` datetime not null,',
    'constraint `analysis_results_session_id_foreign` foreign',
    'key(`session_id`) references `sessions`(`id`) on delete cascade on',
    'update cascade,',
    'constraint analysis_results_confidence_range check (confidence >= 0',
    'and confidence <= 1),',
    'constraint analysis_results_processing_time_range check',
    '(processing_time >= 0));',
  ],
  [
    'create index `analysis_results_session_id_index` on',
    '`analysis_results` (`session_id`);',
  ],
  [
    'create index `analysis_results_created_at_index` on',
    '`analysis_results` (`created_at`);',
  ],
  [
    'create table `system_metrics` (',
    '`id` integer not null primary key autoincrement,',
    '`metric_name` text not null,',
    '`metric_value` double not null,',
    '`metric_unit` text null,',
    '`timestamp` datetime not null,',
    '`metadata` json null);',
  ],
  [
    'create index `system_metrics_timestamp_index` on `system_metrics`',
    '(`timestamp`);',
  ],
  [
    'create index `system_metrics_metric_name_timestamp_index` on',
    '`system_metrics` (`metric_name`,',
    '`timestamp`);',
  ],
  [
    'create table `transcript_entries` (',
    '`id` integer not null primary key autoincrement,',
    '`session_id` integer not null,',
    '`text` text not null,',
    '`speaker` text null,',
    '`start_time` double not null,',
    '`end_time` double not null,',
    '`confidence` double null,',
    "`entry_type` text check (`entry_type` in ('speech', 'silence',",
    "'noise', 'music')) not null default 'speech',",
    '`language` text null,',
    '`word_count` integer not null default 0,',
    '`created_at` datetime not null,',
    'constraint `transcript_entries_session_id_foreign` foreign',
    'key(`session_id`) references `sessions`(`id`) on delete cascade on',
    'update cascade,',
    'constraint transcript_entries_confidence_range check (confidence >=',
    '0 and confidence <= 1),',
    'constraint transcript_entries_start_time_range check (start_time >=',
    '0),',
    'constraint transcript_entries_end_time_order check (end_time >=',
    'start_time),',
    'constraint transcript_entries_word_count_range check (word_count >=',
    '0));',
  ],
  [
    'create index `transcript_entries_created_at_index` on',
    '`transcript_entries` (`created_at`);',
  ],
  [
    'create index `transcript_entries_session_id_start_time_index` on',
    '`transcript_entries` (`session_id`,',
    '`start_time`);',
  ],
  [
    'create table `users` (',
    '`id` integer not null primary key autoincrement,',
    '`username` text not null,',
    '`email` text null,',
    '`preferences` json null,',
    '`created_at` datetime not null,',
    '`last_login` datetime null);',
  ],
  'create unique index `users_username_unique` on `users` (`username`);',
];

/**
 * Creates every Steno table. It has no down step on purpose: undoing it
 * would drop every meeting, so a rollback past it restores a backup.
 */
export class InitialSchemaMigration extends Migration {
  override up(): void {
    for (const statement of INITIAL_SCHEMA) {
      this.addSql(
        typeof statement === 'string' ? statement : joinStatement(statement),
      );
    }
  }
}
