import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { DIST_CLI } from './helpers/cli.js';

/** The built CLI every real-process test runs. */
export const CLI = DIST_CLI;

/** One JSON log line of the daemon. */
export type LogLine = Record<string, unknown> & { msg: string };

/**
 * The built daemon as a child process: collects its JSON log lines and
 * lets a test wait for the line it expects.
 */
export class DaemonProcess {
  private static readonly started = new Set<DaemonProcess>();
  readonly lines: LogLine[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;
  private waiters: { match: (l: LogLine) => boolean; done: () => void }[] = [];

  constructor(args: string[], cwd: string) {
    this.child = spawn(process.execPath, [CLI, ...args, 'daemon'], {
      cwd,
      env: { ...process.env, STENO_LOG_LEVEL: 'debug' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    createInterface({ input: this.child.stdout! }).on('line', (text) =>
      this.take(text),
    );
    this.child.stderr!.on('data', (chunk) => this.stderr.push(String(chunk)));
    this.exited = new Promise((resolve) =>
      this.child.on('exit', (code) => resolve(code)),
    );
    DaemonProcess.started.add(this);
  }

  /** Kills every daemon a test started and left running. */
  static stopAll(): void {
    for (const daemon of DaemonProcess.started) daemon.stop();
    DaemonProcess.started.clear();
  }

  /** Resolves with the first line, past or future, that matches. */
  waitFor(match: (line: LogLine) => boolean, timeoutMs = 60_000) {
    const found = this.lines.find(match);
    if (found) return Promise.resolve(found);
    return new Promise<LogLine>((resolve, reject) => {
      const timer = setTimeout(() => {
        const tail = this.lines.slice(-5).map((l) => l.msg);
        reject(new Error(`no such log line; last: ${tail.join(' | ')}`));
      }, timeoutMs);
      this.waiters.push({
        match,
        done: () => {
          clearTimeout(timer);
          resolve(this.lines.find(match)!);
        },
      });
    });
  }

  /** Resolves once `count` lines match. */
  async waitForCount(match: (line: LogLine) => boolean, count: number) {
    let seen = 0;
    await this.waitFor(() => {
      seen = this.lines.filter(match).length;
      return seen >= count;
    });
    return this.lines.filter(match);
  }

  signal(name: NodeJS.Signals): void {
    this.child.kill(name);
  }

  /** Kills the child if a failed test left it running. */
  stop(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }

  private take(text: string): void {
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      line = { msg: text };
    }
    this.lines.push(line);
    const ready = this.waiters.filter((w) => w.match(line));
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const waiter of ready) waiter.done();
  }
}
