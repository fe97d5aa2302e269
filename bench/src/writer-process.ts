import { fork, type ChildProcess } from 'node:child_process';
import { percentile } from './stats.js';
import { workerPath } from './worker-path.js';

/** What the writer saw while it was recording. */
export interface WriterStats {
  batches: number;
  p50: number;
  p99: number;
  maxMs: number;
  errors: number;
  firstError?: string;
}

/**
 * A child process inserting 100 transcript entries every 10 ms into the
 * database; its own connection, as the recorder would have.
 */
export class WriterProcess {
  private constructor(private readonly child: ChildProcess) {}

  /** Forks the writer and resolves once its first batch is in. */
  static async start(path: string): Promise<WriterProcess> {
    const child = fork(workerPath('writer'), [path], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    await nextMessage(child, 'ready');
    child.send('start');
    return new WriterProcess(child);
  }

  /** Stops the writer and returns its latencies since `start`. */
  async stop(): Promise<WriterStats> {
    const stats = nextMessage(this.child, 'stats');
    this.child.send('stop');
    const message = (await stats) as {
      latencies: number[];
      errors: string[];
    };
    await new Promise((r) => this.child.once('exit', r));
    return summarizeWriter(message.latencies, message.errors);
  }
}

/** Runs the writer alone for `ms` and returns its idle figures. */
export async function measureIdleWriter(
  path: string,
  ms: number,
): Promise<WriterStats> {
  const writer = await WriterProcess.start(path);
  await new Promise((r) => setTimeout(r, ms));
  return writer.stop();
}

function summarizeWriter(latencies: number[], errors: string[]): WriterStats {
  return {
    batches: latencies.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    maxMs: Math.max(0, ...latencies),
    errors: errors.length,
    ...(errors[0] ? { firstError: errors[0] } : {}),
  };
}

function nextMessage(child: ChildProcess, type: string): Promise<unknown> {
  return new Promise((resolvePromise, reject) => {
    const onMessage = (message: { type?: string }) => {
      if (message?.type !== type) return;
      child.off('exit', onExit);
      child.off('message', onMessage);
      resolvePromise(message);
    };
    const onExit = (code: number | null) =>
      reject(new Error(`writer exited with ${code} before ${type}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}
