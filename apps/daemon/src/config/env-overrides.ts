import type { ConfigTree, KeyOrigins } from './normalize-keys.js';

type Kind = 'string' | 'integer' | 'boolean' | 'schedule' | 'list';

interface EnvVariable {
  name: string;
  path: string;
  kind: Kind;
}

/**
 * Every environment variable the config reads, with the key it sets.
 * The README's table is written from this list.
 */
export const ENV_VARIABLES: readonly EnvVariable[] = [
  { name: 'STENO_DB', path: 'database.path', kind: 'string' },
  { name: 'STENO_BACKUP_DIR', path: 'backup.directory', kind: 'string' },
  { name: 'STENO_BACKUP_ENABLED', path: 'backup.enabled', kind: 'boolean' },
  { name: 'STENO_BACKUP_SCHEDULE', path: 'backup.schedule', kind: 'schedule' },
  {
    name: 'STENO_RETENTION_ENABLED',
    path: 'retention.enabled',
    kind: 'boolean',
  },
  {
    name: 'STENO_RETENTION_SCHEDULE',
    path: 'retention.schedule',
    kind: 'schedule',
  },
  {
    name: 'STENO_STORAGE_ROOTS',
    path: 'retention.storageRoots',
    kind: 'list',
  },
  {
    name: 'STENO_METRICS_SCHEDULE',
    path: 'metrics.schedule',
    kind: 'schedule',
  },
  {
    name: 'STENO_AUTO_MIGRATE',
    path: 'migrations.autoApply',
    kind: 'boolean',
  },
  { name: 'STENO_HOST', path: 'server.host', kind: 'string' },
  { name: 'STENO_PORT', path: 'server.port', kind: 'integer' },
  { name: 'STENO_LOG_LEVEL', path: 'logging.level', kind: 'string' },
];

/**
 * Reads the set variables into a config tree. A value that does not
 * parse is passed on as the raw string, so the schema reports it under
 * the variable's name.
 */
export function readEnvironment(
  env: NodeJS.ProcessEnv,
  origins: KeyOrigins,
): ConfigTree {
  const tree: ConfigTree = {};
  for (const variable of ENV_VARIABLES) {
    const raw = env[variable.name];
    if (raw === undefined || raw === '') continue;
    setPath(tree, variable.path, parseValue(variable.kind, raw));
    origins.set(variable.path, variable.name);
  }
  return tree;
}

function parseValue(kind: Kind, raw: string): unknown {
  const text = raw.trim();
  if (kind === 'integer' || kind === 'schedule') {
    return /^-?\d+$/.test(text) ? Number(text) : text;
  }
  if (kind === 'boolean') {
    if (/^(true|1|yes|on)$/i.test(text)) return true;
    if (/^(false|0|no|off)$/i.test(text)) return false;
    return text;
  }
  if (kind === 'list') {
    return text.split(':').filter((part) => part !== '');
  }
  return text;
}

/** Sets `a.b.c` in `tree`, creating the objects on the way. */
export function setPath(tree: ConfigTree, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop() as string;
  let node = tree;
  for (const key of keys) {
    node[key] ??= {};
    node = node[key] as ConfigTree;
  }
  node[last] = value;
}
