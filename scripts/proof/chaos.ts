/**
 * `npm run chaos`: fault injection that shows nothing is lost. Drives the separate-process
 * system (scripts/proof/processes.ts) over HTTP while killing the worker, restarting the
 * Temporal dev server, taking the webhook receiver offline and (on PostgreSQL) dropping database
 * connections, then verifies every project, task, event and delivery. Exits 1 on any loss or
 * duplicate. See BENCHMARKS.md (混沌演练) for the commands and what is checked.
 *
 *   npm run chaos                       # CI preset on SQLite
 *   bash scripts/postgres.sh start && npm run chaos -- --preset full --pg "$(bash scripts/postgres.sh url)"
 */
import path from 'node:path';
import { repoRoot } from '../../lib/paths';
import { parseArgs } from './chaos/options';
import { formatReport, writeReport } from './chaos/report';
import { runChaos } from './chaos/run';

async function main(): Promise<number> {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  const reportFile = opts.reportFile ?? path.join(repoRoot, '.cache', 'chaos', `report-${opts.preset}.json`);
  // Exiting runs the registry's exit hook, which SIGKILLs every child the run started.
  process.once('SIGINT', () => {
    process.stderr.write('[混沌] 收到中断信号，结束全部子进程后退出（PostgreSQL 临时库需手动删除）\n');
    process.exit(130);
  });
  const report = await runChaos(opts);
  writeReport(report, reportFile);
  process.stdout.write(`\n${formatReport(report)}\nJSON 报告：${reportFile}\n`);
  return report.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`[混沌] 失败：${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
