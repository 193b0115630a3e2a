/** Results of one `npm run bench`: the JSON written to bench/results/ and its Markdown summary. */
import fs from 'node:fs';
import path from 'node:path';
import type { BenchOptions } from './options';
import type { MachineFacts, ProcessFacts } from './proc';
import type { Summary } from './stats';
import type { PhaseResult } from './system';
import { floorMarkdown, type FloorReport } from './floor';

export type ProcessName = 'temporal' | 'worker' | 'api' | 'baselineWorker' | 'driver';

export interface Sample {
  /** Seconds since the system was ready. */
  t: number;
  phase: string;
  completed: number;
  rssMb: Partial<Record<ProcessName, number>>;
}

export interface PhaseReport extends PhaseResult {
  /** CPU seconds each process used during the phase, and the share of the machine (cores × wall). */
  cpuSeconds: Partial<Record<ProcessName, number>>;
  cpuShareOfMachine: number;
  /** CPU used by processes outside this run during the phase (a shared machine), share of the machine. */
  otherCpuShareOfMachine: number;
}

export interface Trend {
  firstMb: number;
  lastMb: number;
  /** Least-squares slope over the second half of the samples (after warm-up growth). */
  slopeMbPerMin: number;
}

export interface BenchResults {
  name: string;
  startedAt: string;
  machine: MachineFacts;
  options: Omit<BenchOptions, 'env'> & { env: Record<string, string> };
  /** Temporal work per project, identical in the system and the baseline. */
  perProject: { workflows: number; childWorkflows: number; updates: number; activities: number; signals: number; tasks: number; prerequisiteTasks: number };
  startupS: number;
  system: PhaseReport;
  baseline?: PhaseReport;
  /** Engine floor probes and one-at-a-time latencies of the same run (bench/floor.ts). */
  floor?: FloorReport;
  /** system.projectsPerS / baseline.projectsPerS. */
  ratioToBaseline?: number;
  rss: { start: Partial<Record<ProcessName, ProcessFacts>>; end: Partial<Record<ProcessName, ProcessFacts>> };
  rssTrend: Partial<Record<ProcessName, Trend>>;
  samples: Sample[];
}

export function trend(samples: Sample[], who: ProcessName): Trend | undefined {
  const points = samples.filter((s) => s.rssMb[who] !== undefined).map((s) => [s.t / 60, s.rssMb[who]!] as const);
  if (points.length < 2) return undefined;
  const half = points.slice(Math.floor(points.length / 2));
  const n = half.length;
  const mx = half.reduce((s, [x]) => s + x, 0) / n;
  const my = half.reduce((s, [, y]) => s + y, 0) / n;
  const sxx = half.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const sxy = half.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  return { firstMb: points[0][1], lastMb: points[points.length - 1][1], slopeMbPerMin: sxx > 0 ? Math.round((sxy / sxx) * 100) / 100 : 0 };
}

/** CPU seconds of the system's own processes (not the load generator) per completed project. */
export function cpuPerProject(p: PhaseReport): number {
  const own = (['temporal', 'worker', 'api', 'baselineWorker'] as ProcessName[]).reduce((sum, w) => sum + (p.cpuSeconds[w] ?? 0), 0);
  return p.completed > 0 ? Math.round((own / p.completed) * 100) / 100 : NaN;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const ms = (s: Summary | undefined) => (s && s.count > 0 ? `${s.p50} / ${s.p95} / ${s.p99}` : '—');

function latencyTable(title: string, latency: Record<string, Summary>): string[] {
  return [
    `| ${title} | 次数 | p50 / p95 / p99（毫秒） | 最大 |`,
    '| --- | ---: | --- | ---: |',
    ...Object.entries(latency).map(([op, s]) => `| \`${op}\` | ${s.count} | ${ms(s)} | ${s.max} |`),
  ];
}

export function markdown(r: BenchResults): string {
  const s = r.system;
  const b = r.baseline;
  const fact = (who: ProcessName, f: Partial<Record<ProcessName, ProcessFacts>>) => (f[who] ? `${f[who]!.rssMb}` : '—');
  const lines = [
    `# 基准结果：${r.name}`,
    '',
    `- 时间 ${r.startedAt}，提交 ${r.machine.commit ?? '未知'}`,
    `- 机器：${r.machine.cores} 核 ${r.machine.cpuModel}，内存 ${r.machine.memoryGb} GB，Node ${r.machine.node}，${r.machine.os}，${r.machine.temporalCli ?? ''}`,
    `- 参数：模式 \`${r.options.mode}\`，${r.options.durationMs ? `时长 ${r.options.durationMs / 1000} 秒` : `${r.options.projects} 个项目`}，目标速率 ${r.options.rate || '不限'} 项目/秒，` +
      `窗口客户端 ${r.options.windowClients}，在途上限 ${r.options.maxInflight}，每部门并发 ${r.options.deptConcurrency}，拉取间隔 ${r.options.pollMs} 毫秒，预热 ${r.options.warmup}`,
    `- 每个项目：${r.perProject.tasks} 个审批事项（${r.perProject.prerequisiteTasks} 个有前置事项），Temporal 上 ${r.perProject.workflows} 个工作流（${r.perProject.childWorkflows} 个子工作流）、` +
      `${r.perProject.updates} 次 update、${r.perProject.activities} 次活动、${r.perProject.signals} 个 signal`,
    '',
    ...(r.floor ? floorMarkdown(r.floor) : []),
    '## 吞吐 / Throughput',
    '',
    '| | 完成/提交 | 用时（秒） | 项目/秒 | 任务/秒 | 端到端 p50 / p95 / p99（毫秒） | 本次运行 CPU 占整机 | 其他进程 CPU 占整机 |',
    '| --- | --- | ---: | ---: | ---: | --- | ---: | ---: |',
    ...[[`系统（HTTP，${r.options.mode}）`, s] as const, ...(b ? [['原生 Temporal 基线', b] as const] : [])].map(
      ([n, p]) =>
        `| ${n} | ${p.completed}/${p.projects} | ${p.wallS} | **${p.projectsPerS}** | ${p.tasksPerS} | ${ms(p.endToEnd)} | ${pct(p.cpuShareOfMachine)} | ${pct(p.otherCpuShareOfMachine)} |`,
    ),
    '',
    ...(r.ratioToBaseline !== undefined ? [`**系统 / 基线 = ${r.ratioToBaseline}**`, ''] : []),
    `首批任务对部门可见（受理请求发出 → 该项目全部首批任务被部门${r.options.mode === 'poll' ? '拉取到' : '收到推送'}）p50 / p95 / p99：${ms(s.firstWaveVisible)} 毫秒；` +
      `受理排队（计划时刻 → 实际发出）p50 / p95：${s.intakeLag.p50} / ${s.intakeLag.p95} 毫秒。`,
    '',
    ...latencyTable('系统操作', s.latency),
    '',
    ...(b ? [...latencyTable('基线操作', b.latency), ''] : []),
    '## CPU 秒（计量阶段） / CPU seconds',
    '',
    '| 阶段 | Temporal 服务器 | worker | 网关 | 基线 worker | 压测进程 | 每个项目（不含压测进程） |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...[['系统', s] as const, ...(b ? [['基线', b] as const] : [])].map(
      ([n, p]) =>
        `| ${n} | ${p.cpuSeconds.temporal ?? '—'} | ${p.cpuSeconds.worker ?? '—'} | ${p.cpuSeconds.api ?? '—'} | ${p.cpuSeconds.baselineWorker ?? '—'} | ${p.cpuSeconds.driver ?? '—'} | ${cpuPerProject(p)} |`,
    ),
    '',
    '每个项目的 CPU 秒在共享机器上比吞吐稳定：它不随其他进程的负载等比例变化，可用来估算空闲机器上的 CPU 上限（核数 ÷ 每项目 CPU 秒）。',
    '',
    '## 内存 RSS（MB） / Resident memory',
    '',
    '| 进程 | 开始 | 结束 | 后半程斜率（MB/分钟） |',
    '| --- | ---: | ---: | ---: |',
    ...(['worker', 'api', 'temporal', 'baselineWorker', 'driver'] as ProcessName[])
      .filter((w) => r.rss.start[w] || r.rss.end[w])
      .map((w) => `| ${w} | ${fact(w, r.rss.start)} | ${fact(w, r.rss.end)} | ${r.rssTrend[w]?.slopeMbPerMin ?? '—'} |`),
    '',
    `RSS 为服务进程本身（\`node --import tsx\` 单进程），采样 ${r.samples.length} 次，间隔 ${r.options.sampleEveryMs / 1000} 秒（完整序列见同名 JSON 的 \`samples\`）。`,
    ...(Object.keys(s.errors).length ? ['', `非 2xx 应答与重试：${JSON.stringify(s.errors)}`] : []),
    ...(s.failures.length ? ['', `失败：${s.failures.join('；')}`] : []),
    '',
  ];
  return lines.join('\n');
}

export function writeResults(dir: string, r: BenchResults): { json: string; md: string } {
  fs.mkdirSync(dir, { recursive: true });
  const json = path.join(dir, `${r.name}.json`);
  const md = path.join(dir, `${r.name}.md`);
  fs.writeFileSync(json, `${JSON.stringify(r, null, 2)}\n`);
  fs.writeFileSync(md, markdown(r));
  return { json, md };
}

/** `--floor-only`: the floor probes and one-at-a-time latencies, without saturated phases. */
export function writeFloorResults(dir: string, r: { name: string; startedAt: string; machine: MachineFacts; floor: FloorReport }): { json: string; md: string } {
  fs.mkdirSync(dir, { recursive: true });
  const json = path.join(dir, `${r.name}.json`);
  const md = path.join(dir, `${r.name}.md`);
  fs.writeFileSync(json, `${JSON.stringify(r, null, 2)}\n`);
  const head = [`# 基准结果：${r.name}`, '', `- 时间 ${r.startedAt}，提交 ${r.machine.commit ?? '未知'}`, `- 机器：${r.machine.cores} 核 ${r.machine.cpuModel}，Node ${r.machine.node}，${r.machine.temporalCli ?? ''}`, ''];
  fs.writeFileSync(md, [...head, ...floorMarkdown(r.floor)].join('\n'));
  return { json, md };
}
