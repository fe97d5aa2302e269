import { readFileSync } from 'node:fs';
import { formatTable, type BenchReport } from './report.js';

/**
 * Prints a results file as the README shows it: the machine, the data
 * and the table. `tsx src/show-results.ts results/<timestamp>.json`
 */
const [path] = process.argv.slice(2);
if (!path) {
  process.stderr.write('usage: tsx src/show-results.ts <results.json>\n');
  process.exit(2);
}
const report = JSON.parse(readFileSync(path, 'utf8')) as BenchReport;
const { machine, data } = report;
const mb = Math.round(Number(data.bytes) / 2 ** 20);
const minutes =
  (Date.parse(report.finishedAt) - Date.parse(report.startedAt)) / 60_000;
const lines = [
  `Run of ${report.startedAt.slice(0, 16).replace('T', ' ')} UTC, ` +
    `${report.mode} mode${report.complete === false ? ' (cut short)' : ''}, ` +
    `${minutes.toFixed(1)} min: ${mb} MB database, ${data.sessions} ` +
    `sessions, ${data.transcriptEntries} transcript entries ` +
    `(generated in ${data.generateSeconds} s).`,
  `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, ` +
    `${machine.os}, Node ${machine.node}, sqlite3 ${machine.sqliteCli}; ` +
    `load average at start ${String(data.loadAverageAtStart ?? '?')
      .split(' ')
      .slice(0, 3)
      .join(
        ' ',
      )}, at end ${machine.loadAverage.split(' ').slice(0, 3).join(' ')}` +
    ' (the machine was shared with other builds and tests).',
  '',
  formatTable(report.rows),
];
process.stdout.write(`${lines.join('\n')}\n`);
