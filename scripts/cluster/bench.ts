/**
 * `npm run cluster -- bench`: the bench's system driver (bench/system.ts: window and department
 * clients over HTTP) with the same options against, in one run and one after the other: the
 * single-box system `npm run bench` measures (file-backed Temporal dev server on SQLite, one worker,
 * one gateway, plain HTTP — scripts/proof/processes.ts), then a fresh cluster through the nginx
 * https edge with both workers, then with worker-2 stopped; CPU seconds per project of every
 * process. On 2 cores every added process competes for the same CPU, so scaling is bounded, and the
 * report says so. Run by main.ts in a child process whose NODE_EXTRA_CA_CERTS trusts the cluster's CA.
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
import { benchCatalogue, seedBenchCatalogue } from '../../bench/catalogue';
import { startProofSystem } from '../proof/processes';
import { start, status } from './commands';
import { clusterLayout, edgeUrl, type ClusterLayout } from './layout';
import { stopProcess } from './processes';

// Many clients share one key per role; the per-key limit protects production, not this run.
const BENCH_ENV = { RATE_LIMIT_PER_MINUTE: '100000000', RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '100000000', LOG_LEVEL: 'warn' };

interface Run {
  /** What ran: the dev server system, or the cluster with this many workers. */
  label: string;
  result: PhaseResult;
  cpuSeconds: Record<string, number>;
  cpuSecondsPerProject: Record<string, number>;
  machineBusyShare: number;
}

type CpuOf = () => Record<string, number>;

const cpuOfMembers =
  (layout: ClusterLayout): CpuOf =>
  () =>
    Object.fromEntries(status(layout).members.filter((m) => m.pid).map((m) => [m.name, cpuSeconds(m.pid!)]));

const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

type Options = ReturnType<typeof parseOptions>;

const driverFor = (apiBase: string, credentials: DevCredential[], o: Options) => () =>
  new SystemDriver(apiBase, credentials, { mode: o.mode, deptConcurrency: o.deptConcurrency, pollMs: o.pollMs, replyPollMs: o.replyPollMs, deadline: Date.now() + o.timeoutMs });

async function measure(label: string, cpuOf: CpuOf, driver: () => SystemDriver, o: Options): Promise<Run> {
  const deadline = Date.now() + o.timeoutMs;
  const { warmup, measured } = schedules(o, deadline);
  const sd = driver();
  await sd.start();
  try {
    await sd.runPhase(warmup);
    const before = cpuOf();
    const busyBefore = machineBusySeconds();
    const t0 = Date.now();
    const result = await sd.runPhase(measured);
    const wall = (Date.now() - t0) / 1000;
    const after = cpuOf();
    const used = Object.fromEntries(Object.keys(after).filter((k) => k in before).map((k) => [k, round(after[k] - before[k])]));
    const perProject = Object.fromEntries(Object.entries(used).map(([k, v]) => [k, round(v / Math.max(1, result.completed), 3)]));
    return { label, result, cpuSeconds: used, cpuSecondsPerProject: perProject, machineBusyShare: round((machineBusySeconds() - busyBefore) / (wall * os.cpus().length)) };
  } finally {
    await sd.stop();
  }
}

function markdown(runs: Run[], preset: string): string {
  const names = [...new Set(runs.flatMap((r) => Object.keys(r.cpuSecondsPerProject)))];
  const lines = [
    `### 集群与开发服务器基准（${preset}，${os.cpus().length} 核，同一次运行，依次进行）`,
    '',
    '开发服务器：Temporal 开发服务器（SQLite 文件）+ 1 worker + 1 网关，HTTP 直连；集群：Temporal 四进程（PostgreSQL，mTLS）+ 网关经 nginx https。',
    '',
    '| 系统 | 完成/计划 | 项目/秒 | 任务/秒 | 端到端 p50 (ms) | 端到端 p95 (ms) | 整机 CPU 占用 |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...runs.map((r) => `| ${r.label} | ${r.result.completed}/${r.result.projects} | ${r.result.projectsPerS} | ${r.result.tasksPerS} | ${r.result.endToEnd.p50} | ${r.result.endToEnd.p95} | ${Math.round(r.machineBusyShare * 100)}% |`),
    '',
    `| 每项目 CPU 秒 | ${runs.map((r) => r.label).join(' | ')} |`,
    `| --- | ${runs.map(() => '---').join(' | ')} |`,
    ...names.map((n) => `| ${n} | ${runs.map((r) => r.cpuSecondsPerProject[n] ?? '—').join(' | ')} |`),
    `| 合计 | ${runs.map((r) => round(Object.values(r.cpuSecondsPerProject).reduce((a, b) => a + b, 0), 3)).join(' | ')} |`,
    '',
  ];
  return lines.join('\n');
}

/** The single-box system of `npm run bench`, stopped before the cluster starts (2 cores: never both at once). */
async function devServerRun(o: Options): Promise<Run> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'approval-cluster-bench-'));
  const sys = await startProofSystem({ workDir, extraEnv: BENCH_ENV });
  try {
    await seedBenchCatalogue(sys.databaseUrl);
    const pids = { 'temporal-dev-server': sys.devServer.process.pid, worker: sys.worker.process.pid, gateway: sys.api.process.pid };
    const cpuOf: CpuOf = () => Object.fromEntries(Object.entries(pids).flatMap(([name, pid]) => (pid ? [[name, cpuSeconds(pid)]] : [])));
    return await measure('开发服务器', cpuOf, driverFor(sys.apiBase, sys.credentials, o), o);
  } finally {
    await sys.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const layout = clusterLayout();
  const o = parseOptions(process.argv.slice(2));
  const runs: Run[] = [];
  process.stderr.write('[集群基准] 开发服务器（对照）…\n');
  runs.push(await devServerRun(o));

  // A fresh cluster seeded with the bench catalogue from the start (main.ts wipes it first).
  await start(layout, { extraEnv: BENCH_ENV, catalogue: benchCatalogue() });
  const credentials = (JSON.parse(fs.readFileSync(path.join(layout.dir, 'dev-credentials.json'), 'utf8')) as { credentials: DevCredential[] }).credentials;
  const driver = driverFor(edgeUrl(layout), credentials, o);
  runs.push(await measure('集群 2 个 worker', cpuOfMembers(layout), driver, o));
  await stopProcess(layout, 'worker-2');
  runs.push(await measure('集群 1 个 worker', cpuOfMembers(layout), driver, o));

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
