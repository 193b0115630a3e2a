/**
 * `npm run cluster -- bench`: the bench's system driver (bench/system.ts: window and department
 * clients over HTTP) against a fresh cluster through the nginx https edge, first with both workers,
 * then with worker-2 stopped; CPU seconds per project of every process of the cluster. The dev
 * server numbers to compare with come from `npm run bench` (BENCHMARKS.md); on 2 cores every added
 * process competes for the same CPU, so scaling is bounded, and the report says so.
 * Run by main.ts in a child process whose NODE_EXTRA_CA_CERTS trusts the cluster's CA.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseOptions } from '../../bench/options';
import { cpuSeconds, machineBusySeconds } from '../../bench/proc';
import { schedules } from '../../bench/schedule';
import { SystemDriver, type PhaseResult } from '../../bench/system';
import { repoRoot } from '../../lib/paths';
import type { DevCredential } from '../../lib/seed';
import { benchCatalogue } from '../../bench/catalogue';
import { start, status } from './commands';
import { clusterLayout, edgeUrl, type ClusterLayout } from './layout';
import { stopProcess } from './processes';

// Many clients share one key per role; the per-key limit protects production, not this run.
const BENCH_ENV = { RATE_LIMIT_PER_MINUTE: '100000000', RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '100000000', LOG_LEVEL: 'warn' };

interface Run {
  workers: number;
  result: PhaseResult;
  cpuSeconds: Record<string, number>;
  cpuSecondsPerProject: Record<string, number>;
  machineBusyShare: number;
}

function cpuOfMembers(layout: ClusterLayout): Record<string, number> {
  return Object.fromEntries(status(layout).members.filter((m) => m.pid).map((m) => [m.name, cpuSeconds(m.pid!)]));
}

const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

async function measure(layout: ClusterLayout, workers: number, driver: () => SystemDriver, o: ReturnType<typeof parseOptions>): Promise<Run> {
  const deadline = Date.now() + o.timeoutMs;
  const { warmup, measured } = schedules(o, deadline);
  const sd = driver();
  await sd.start();
  try {
    await sd.runPhase(warmup);
    const before = cpuOfMembers(layout);
    const busyBefore = machineBusySeconds();
    const t0 = Date.now();
    const result = await sd.runPhase(measured);
    const wall = (Date.now() - t0) / 1000;
    const after = cpuOfMembers(layout);
    const used = Object.fromEntries(Object.keys(after).filter((k) => k in before).map((k) => [k, round(after[k] - before[k])]));
    const perProject = Object.fromEntries(Object.entries(used).map(([k, v]) => [k, round(v / Math.max(1, result.completed), 3)]));
    return { workers, result, cpuSeconds: used, cpuSecondsPerProject: perProject, machineBusyShare: round((machineBusySeconds() - busyBefore) / (wall * os.cpus().length)) };
  } finally {
    await sd.stop();
  }
}

function markdown(runs: Run[], preset: string): string {
  const names = [...new Set(runs.flatMap((r) => Object.keys(r.cpuSecondsPerProject)))];
  const lines = [
    `### 集群基准（${preset}，${os.cpus().length} 核，经 nginx https）`,
    '',
    '| worker 数 | 完成/计划 | 项目/秒 | 任务/秒 | 端到端 p50 (ms) | 端到端 p95 (ms) | 整机 CPU 占用 |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...runs.map((r) => `| ${r.workers} | ${r.result.completed}/${r.result.projects} | ${r.result.projectsPerS} | ${r.result.tasksPerS} | ${r.result.endToEnd.p50} | ${r.result.endToEnd.p95} | ${Math.round(r.machineBusyShare * 100)}% |`),
    '',
    `| 每项目 CPU 秒 | ${runs.map((r) => `${r.workers} 个 worker`).join(' | ')} |`,
    `| --- | ${runs.map(() => '---').join(' | ')} |`,
    ...names.map((n) => `| ${n} | ${runs.map((r) => r.cpuSecondsPerProject[n] ?? '—').join(' | ')} |`),
    `| 合计 | ${runs.map((r) => round(Object.values(r.cpuSecondsPerProject).reduce((a, b) => a + b, 0), 3)).join(' | ')} |`,
    '',
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  const layout = clusterLayout();
  const o = parseOptions(process.argv.slice(2));
  // A fresh cluster seeded with the bench catalogue from the start (main.ts wipes it first).
  await start(layout, { extraEnv: BENCH_ENV, catalogue: benchCatalogue() });
  const credentials = (JSON.parse(fs.readFileSync(path.join(layout.dir, 'dev-credentials.json'), 'utf8')) as { credentials: DevCredential[] }).credentials;
  const driver = () => new SystemDriver(edgeUrl(layout), credentials, { mode: o.mode, deptConcurrency: o.deptConcurrency, pollMs: o.pollMs, replyPollMs: o.replyPollMs, deadline: Date.now() + o.timeoutMs });

  const runs: Run[] = [];
  runs.push(await measure(layout, 2, driver, o));
  await stopProcess(layout, 'worker-2');
  runs.push(await measure(layout, 1, driver, o));

  const md = markdown(runs, o.preset);
  const out = path.join(repoRoot, 'bench', 'results', `cluster-${o.preset}-${o.mode}`);
  fs.writeFileSync(`${out}.json`, JSON.stringify({ startedAt: new Date().toISOString(), options: o, runs }, null, 2));
  fs.writeFileSync(`${out}.md`, md);
  process.stdout.write(md);
  if (runs.some((r) => r.result.completed < r.result.projects)) process.exitCode = 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`[集群基准] 失败：${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
