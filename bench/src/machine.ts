import { execFileSync } from 'node:child_process';
import { cpus, totalmem, type as osType, release } from 'node:os';

/** The machine a run came from, for the results file and README. */
export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  sqliteCli: string;
  loadAverage: string;
}

/** Describes this machine; never throws for a missing tool. */
export function describeMachine(): MachineInfo {
  const cpu = cpus()[0]?.model ?? 'unknown';
  return {
    cpu,
    cores: cpus().length,
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: `${osType()} ${release()}`,
    node: process.version,
    sqliteCli: toolVersion('sqlite3', ['--version']).split(' ')[0] ?? '',
    loadAverage: toolVersion('cat', ['/proc/loadavg']),
  };
}

function toolVersion(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8' }).trim();
  } catch {
    return 'unavailable';
  }
}
