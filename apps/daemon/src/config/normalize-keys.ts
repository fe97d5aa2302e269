/** A config object whose keys are the camelCase names of StenoConfig. */
export type ConfigTree = Record<string, unknown>;

/**
 * Where each normalised key path came from, so a problem is reported
 * under the name the operator wrote (`backup.max_backups`, `STENO_PORT`).
 */
export type KeyOrigins = Map<string, string>;

/** Seed names that differ from StenoConfig by more than their case. */
const ALIASES: Record<string, string> = {
  'backup.interval': 'schedule',
  'retention.cleanupInterval': 'schedule',
};

/**
 * Turns the seed's snake_case shape into StenoConfig's camelCase one,
 * recording the original path of every renamed key. Values other than
 * plain objects are copied as they are, to be judged by the schema.
 */
export function normalizeKeys(
  input: ConfigTree,
  origins: KeyOrigins,
  prefix = '',
  writtenPrefix = '',
): ConfigTree {
  const output: ConfigTree = {};
  for (const [written, value] of Object.entries(input)) {
    const camel = toCamelCase(written);
    const key = ALIASES[`${prefix}${camel}`] ?? camel;
    const path = `${prefix}${key}`;
    const writtenPath = `${writtenPrefix}${written}`;
    if (path !== writtenPath) origins.set(path, writtenPath);

    output[key] = isPlainObject(value)
      ? normalizeKeys(value, origins, `${path}.`, `${writtenPath}.`)
      : normalizeValue(path, value);
  }
  return output;
}

/** `pool_size` → `poolSize`; names already in camelCase stay. */
export function toCamelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, letter: string) =>
    letter.toUpperCase(),
  );
}

/** The seed wrote `compress: true`; StenoConfig names the codec. */
function normalizeValue(path: string, value: unknown): unknown {
  if (path === 'backup.compress' && typeof value === 'boolean') {
    return value ? 'gzip' : 'none';
  }
  return value;
}

export function isPlainObject(value: unknown): value is ConfigTree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Copies `source` into `target`, object by object; arrays replace. */
export function mergeInto(target: ConfigTree, source: ConfigTree): void {
  for (const [key, value] of Object.entries(source)) {
    const current = target[key];
    if (isPlainObject(current) && isPlainObject(value)) {
      mergeInto(current, value);
    } else {
      target[key] = value;
    }
  }
}
