/**
 * `npm run bench`: the whole system as separate processes (file-backed Temporal dev server,
 * worker, gateway — scripts/proof/processes.ts) driven over HTTP, and on the same Temporal server
 * in the same run the raw-Temporal baseline with the same work per project. Results go to
 * stdout and bench/results/<preset>-<mode>.{json,md}; progress to stderr.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configSchema } from '../lib/config';
import { repoRoot } from '../lib/paths';
import { benchCatalogue, seedBenchCatalogue } from './catalogue';
import { resolveTemporalCli } from '../lib/temporal/binaries';
import { dataConverterFrom } from '../lib/temporal/data-converter';
import { spawnService, startProofSystem, type Service } from '../scripts/proof/processes';
import { BaselineDriver } from './baseline/driver';
import { parseOptions } from './options';
import { machineBusySeconds, machineFacts, measure, type ProcessFacts } from './proc';
import { profileServices, type Profiled } from './profile';
import { Progress } from './progress';
import { Quiet } from './quiet';
import { connectClient, countProjectActions, floorMarkdown, ratios, runFloorProbes, runSerialProjects, type FloorReport } from './floor';
import { markdown, trend, writeFloorResults, writeResults, type BenchResults, type PhaseReport, type ProcessName, type Sample } from './report';
import { schedules } from './schedule';
import { SystemDriver, type PhaseResult } from './system';

const say = (text: string) => process.stderr.write(`${text}\n`);

/** RSS and CPU of the run's processes: sampled on a timer, and read at phase boundaries. */
class Sampler {
  readonly samples: Sample[] = [];
  phase = '启动';
  private timer?: NodeJS.Timeout;
  private readonly t0 = Date.now();

  constructor(
    readonly pids: Partial<Record<ProcessName, number>>,
    private readonly completed: () => number,
  ) {}

  facts(): Partial<Record<ProcessName, ProcessFacts>> {
    const out: Partial<Record<ProcessName, ProcessFacts>> = {};
    for (const [who, pid] of Object.entries(this.pids) as [ProcessName, number | undefined][]) {
      const f = measure(pid);
      if (f) out[who] = f;
    }
    const self = process.cpuUsage();
    out.driver = { rssMb: Math.round(process.memoryUsage().rss / 104857.6) / 10, treeRssMb: 0, cpuSeconds: (self.user + self.system) / 1e6, pids: [process.pid] };
    return out;
  }

  sample(): void {
    const rssMb: Sample['rssMb'] = {};
    for (const [who, f] of Object.entries(this.facts()) as [ProcessName, ProcessFacts][]) rssMb[who] = f.rssMb;
    this.samples.push({ t: Math.round((Date.now() - this.t0) / 100) / 10, phase: this.phase, completed: this.completed(), rssMb });
  }

  start(everyMs: number): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.sample();
  }
}

interface Driver {
  progress(): { done: number; detail: string };
}

/** Runs one phase under a progress bar and accounts the CPU every process spent in it. */
async function phase(
  label: string,
  sampler: Sampler,
  driver: Driver,
  total: number,
  run: () => Promise<PhaseResult>,
): Promise<PhaseReport> {
  sampler.phase = label;
  const before = sampler.facts();
  const machineBefore = machineBusySeconds();
  const started = Date.now();
  const bar = new Progress(label, () => ({ ...driver.progress(), total })).start();
  let result: PhaseResult;
  try {
    result = await run();
  } finally {
    bar.stop();
  }
  const after = sampler.facts();
  const machineUsed = machineBusySeconds() - machineBefore;
  const cpuSeconds: PhaseReport['cpuSeconds'] = {};
  let sum = 0;
  for (const who of Object.keys(after) as ProcessName[]) {
    if (!before[who]) continue;
    const used = Math.round((after[who]!.cpuSeconds - before[who]!.cpuSeconds) * 100) / 100;
    cpuSeconds[who] = used;
    sum += used;
  }
  const wall = (Date.now() - started) / 1000;
  const capacity = wall * os.cpus().length;
  const other = Math.max(0, machineUsed - sum);
  if (result.failures.length > 0) say(`  ${label}：${result.failures.length} 个失败，例如 ${result.failures[0]}`);
  if (other / capacity > 0.1) say(`  注意：${label}期间其他进程占用了整机 CPU 的 ${Math.round((other / capacity) * 100)}%，结果偏低`);
  return {
    ...result,
    cpuSeconds,
    cpuShareOfMachine: Math.round((sum / capacity) * 100) / 100,
    otherCpuShareOfMachine: Math.round((other / capacity) * 100) / 100,
  };
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  const name = o.name ?? `${o.preset}-${o.mode}`;
  const deadline = Date.now() + o.timeoutMs;
  const machine = machineFacts(resolveTemporalCli());
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'approval-bench-'));
  const catalogue = benchCatalogue();
  const items = catalogue.items.map((i) => ({ id: i.id, prerequisites: i.prerequisites }));
  say(`基准测试 ${name}：${machine.cores} 核 ${machine.cpuModel}，Node ${machine.node}；工作目录 ${workDir}`);

  const startedAt = new Date().toISOString();
  const t0 = Date.now();
  const sys = await startProofSystem({
    workDir,
    databaseUrl: o.databaseUrl,
    // Many clients share one key per role; the per-key limit protects production, not this run.
    // The webhook mode's receivers listen on this machine; internal receivers must be allowlisted.
    extraEnv: { RATE_LIMIT_PER_MINUTE: '100000000', LOG_LEVEL: 'warn', RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '100000000', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', ...o.env },
  });
  let baselineWorker: Service | undefined;
  let systemDriver: SystemDriver | undefined;
  let profiled: Profiled | undefined;
  // Ctrl-C or a timeout must not leave a dev server, worker and gateway behind.
  const interrupted = (signal: NodeJS.Signals) => {
    say(`\n收到 ${signal}，正在停止系统 …`);
    void Promise.all([baselineWorker?.alive() ? baselineWorker.stop() : undefined, profiled?.stop(), sys.stop()]).finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    await seedBenchCatalogue(sys.databaseUrl);
    // The baseline worker also hosts the floor probes.
    if (o.baseline || o.floorRounds > 0) baselineWorker = spawnService('baseline-worker', 'bench/baseline/worker.ts', { ...sys.env, BASELINE_TASK_QUEUE: 'bench-baseline' }, workDir);
    const startupS = Math.round((Date.now() - t0) / 100) / 10;
    say(`系统已启动（${startupS} 秒）：${sys.apiBase}，Temporal ${sys.temporalAddress}`);

    if (o.profileDir) profiled = await profileServices(sys, o.profileDir);
    let completed = () => 0;
    const sampler = new Sampler(
      {
        temporal: sys.devServer.process.pid,
        worker: (profiled?.worker ?? sys.worker).process.pid,
        api: (profiled?.api ?? sys.api).process.pid,
        baselineWorker: baselineWorker?.process.pid,
      },
      () => completed(),
    );
    sampler.start(o.sampleEveryMs);
    const rssStart = sampler.facts();
    const { warmup, measured, total } = schedules(o, deadline);

    const dataConverter = dataConverterFrom(configSchema.parse(sys.env));
    let baseline: PhaseReport | undefined;
    if (baselineWorker && o.baseline && !o.floorOnly) {
      const bd = new BaselineDriver(sys.temporalAddress, 'bench-baseline', items, { deptConcurrency: o.deptConcurrency, deadline }, dataConverter);
      await bd.connect();
      completed = () => bd.progress().done;
      await phase('基线预热', sampler, bd, o.warmup, () => bd.runPhase(warmup, 'w'));
      baseline = await phase('原生 Temporal 基线', sampler, bd, total, () => bd.runPhase(measured, 'm'));
      await bd.close();
    }
    let floor: FloorReport | undefined;
    if (o.floorRounds > 0) {
      // Nothing else runs meanwhile: the floor and the serial projects are idle-system latencies.
      const { client, close } = await connectClient(sys.temporalAddress, dataConverter);
      try {
        say(`引擎下限探针 ${o.floorRounds} 轮 …`);
        const quiet = new Quiet(!o.serialBackToBack);
        await runFloorProbes(client, 'bench-baseline', 2, quiet);
        const probes = await runFloorProbes(client, 'bench-baseline', o.floorRounds, quiet);
        // Idle from here on; stopping it keeps its pollers off the server during the system run.
        if (baselineWorker?.alive()) await baselineWorker.stop();
        say(`单请求项目 ${o.serialProjects} 个 …`);
        const departmentOf = new Map(catalogue.items.map((i) => [i.id, i.departmentId]));
        await runSerialProjects(sys.apiBase, sys.credentials, items, departmentOf, 1, deadline, quiet);
        // With --floor-only the CPU profile covers the one-at-a-time projects (there is no system phase).
        if (o.floorOnly) profiled?.toggle();
        const serial = await runSerialProjects(sys.apiBase, sys.credentials, items, departmentOf, o.serialProjects, deadline, quiet);
        if (o.floorOnly) profiled?.toggle();
        const actions = serial.lastCode ? await countProjectActions(client, serial.lastCode, items) : undefined;
        floor = { rounds: o.floorRounds, probes, serialProjects: o.serialProjects, settling: quiet.report(), serial: serial.latency, ratios: ratios(probes, serial.latency), actions };
        // The profile (ratios, engine work per operation) on the console too, not only in the results file.
        say(floorMarkdown(floor).join('\n'));
      } finally {
        await close();
      }
    }
    if (baselineWorker?.alive()) await baselineWorker.stop();
    if (o.floorOnly) {
      sampler.stop();
      if (!floor) throw new Error('--floor-only 需要 --floor-rounds 大于 0');
      const files = writeFloorResults(path.join(repoRoot, 'bench', 'results'), { name, startedAt, machine, floor });
      process.stdout.write(fs.readFileSync(files.md, 'utf8'));
      say(`结果已写入 ${path.relative(repoRoot, files.md)}`);
      return;
    }

    systemDriver = new SystemDriver(sys.apiBase, sys.credentials, { mode: o.mode, deptConcurrency: o.deptConcurrency, pollMs: o.pollMs, replyPollMs: o.replyPollMs, deadline });
    const sd = systemDriver;
    await sd.start();
    completed = () => sd.progress().done;
    await phase('系统预热', sampler, sd, o.warmup, () => sd.runPhase(warmup));
    profiled?.toggle();
    const system = await phase(`系统（${o.mode}）`, sampler, sd, total, () => sd.runPhase(measured));
    profiled?.toggle();
    sampler.stop();
    const rssEnd = sampler.facts();

    const results: BenchResults = {
      name,
      startedAt,
      machine,
      // A PostgreSQL URL may carry a password; results are committed.
      options: { ...o, databaseUrl: o.databaseUrl?.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@') },
      perProject: { workflows: 8, childWorkflows: 7, updates: 13, activities: 23, signals: 18, tasks: items.length, prerequisiteTasks: items.filter((i) => i.prerequisites.length > 0).length },
      startupS,
      system,
      baseline,
      floor,
      ratioToBaseline: baseline && baseline.projectsPerS > 0 ? Math.round((system.projectsPerS / baseline.projectsPerS) * 1000) / 1000 : undefined,
      rss: { start: rssStart, end: rssEnd },
      rssTrend: Object.fromEntries((['worker', 'api', 'temporal', 'driver'] as ProcessName[]).map((w) => [w, trend(sampler.samples, w)]).filter(([, t]) => t)),
      samples: sampler.samples,
    };
    const files = writeResults(path.join(repoRoot, 'bench', 'results'), results);
    process.stdout.write(markdown(results));
    say(`结果已写入 ${path.relative(repoRoot, files.json)} 与 ${path.relative(repoRoot, files.md)}`);
    if (system.completed < system.projects) process.exitCode = 1;
  } finally {
    await systemDriver?.stop();
    if (baselineWorker?.alive()) await baselineWorker.stop();
    await profiled?.stop();
    if (profiled) say(`CPU 剖析：${profiled.files.join('、')}`);
    await sys.stop();
    if (!o.keepWorkDir) fs.rmSync(workDir, { recursive: true, force: true });
    else say(`工作目录保留在 ${workDir}（日志：worker.log、api.log、temporal.log）`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`\n基准测试失败：${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
