/**
 * Why a sibling package cannot be benchmarked yet, or null when its
 * export is there: a case then reports "unavailable" with this reason
 * instead of a made-up figure.
 */
export async function missingExport(
  specifier: '@steno/backup' | '@steno/retention',
  name: string,
): Promise<string | null> {
  try {
    const module = (await import(specifier)) as Record<string, unknown>;
    if (typeof module[name] === 'function') return null;
    return `${specifier} does not export ${name} yet`;
  } catch (error) {
    const first = (error as Error).message.split('\n')[0];
    return `${specifier} cannot be loaded (is it built?): ${first}`;
  }
}
