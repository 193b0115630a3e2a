/**
 * Command-line options of `npm run bench`. Presets fix the size so that results from different
 * days compare; every number can still be overridden (`--projects 30 --rate 1`).
 */
export type Mode = 'poll' | 'webhook';
export type Preset = 'small' | 'large' | 'soak';

export interface BenchOptions {
  preset: Preset;
  mode: Mode;
  /** Measured projects (ignored when `durationMs` is set). */
  projects: number;
  /** Submit for this long at `rate` instead of a fixed count (soak). */
  durationMs?: number;
  /** Offered intake rate, projects per second (open loop, bounded by `windowClients`). */
  rate: number;
  windowClients: number;
  /** Projects between intake and reply at most; intake waits for a free slot. */
  maxInflight: number;
  /** Tasks one department system works on at the same time. */
  deptConcurrency: number;
  /** Pause of an idle department poller before it lists its queue again. */
  pollMs: number;
  replyPollMs: number;
  /** Projects run end to end before measuring (worker warm-up, JIT, caches). */
  warmup: number;
  baseline: boolean;
  /** RSS/CPU sample interval. */
  sampleEveryMs: number;
  /** Hard bound of the whole run; the run fails rather than loops forever. */
  timeoutMs: number;
  /** Read model: a SQLite file in the work dir unless a postgresql:// URL is given. */
  databaseUrl?: string;
  /** Results file stem; default `<preset>-<mode>`. */
  name?: string;
  /** Extra environment for the worker and gateway processes (`--env KEY=VALUE`, repeatable). */
  env: Record<string, string>;
  keepWorkDir: boolean;
  /** Write CPU profiles of the gateway and the worker for the measured system phase here. */
  profileDir?: string;
  /** Floor probe rounds (bench/floor.ts); 0 skips the probes and the one-at-a-time phase. */
  floorRounds: number;
  /** Projects run one request at a time over HTTP, compared with the floor. */
  serialProjects: number;
  /** Only the floor probes and the one-at-a-time phase: no saturated phases. */
  floorOnly: boolean;
  /** One-at-a-time requests sent back to back, without waiting for the engine to go quiet (bench/quiet.ts). */
  serialBackToBack: boolean;
}

const PRESETS: Record<Preset, Partial<BenchOptions>> = {
  small: { projects: 24, rate: 2, windowClients: 8, maxInflight: 24, deptConcurrency: 4, warmup: 2, timeoutMs: 10 * 60_000 },
  large: { projects: 240, rate: 2, windowClients: 16, maxInflight: 48, deptConcurrency: 8, warmup: 4, timeoutMs: 60 * 60_000 },
  soak: { rate: 0.1, windowClients: 4, maxInflight: 24, deptConcurrency: 4, warmup: 2, baseline: false, sampleEveryMs: 10_000 },
};

/** `90s`, `3m`, `1h`, `500ms` or plain milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new Error(`无法解析时长：${text}（示例：90s、3m、30m）`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 'ms') as 'ms' | 's' | 'm' | 'h'];
  return Math.round(Number(m[1]) * unit);
}

export const USAGE = `用法：npm run bench -- [选项]
  --preset small|large        规模预设（默认 small）
  --mode poll|webhook         部门系统拉取队列或接收 Webhook 推送（默认 poll）
  --projects N                计量的项目数
  --duration 60s              按时长提交（替代 --projects）
  --rate R                    目标受理速率（项目/秒，0 表示不限）
  --window-clients N          并发窗口客户端数
  --max-inflight N            在途项目上限（受理到集中回复之间）
  --dept-concurrency N        每个部门系统同时办理的任务数
  --poll-ms N                 部门队列空闲时的拉取间隔
  --warmup N                  预热项目数（不计量）
  --no-baseline               不运行原生 Temporal 基线
  --soak 30m                  稳定性（浸泡）模式：按稳定速率运行指定时长，定期采样 RSS
  --sample-every 10s          RSS/CPU 采样间隔
  --timeout 10m               整体运行上限
  --database-url URL          读模型（默认工作目录中的 SQLite 文件）
  --env KEY=VALUE             传给 worker 与网关进程的环境变量（可重复）
  --name NAME                 结果文件名（默认 <preset>-<mode>）
  --keep                      保留工作目录（日志、数据库）
  --profile DIR               对计量阶段的网关与 worker 做 CPU 剖析，写入 DIR/{api,worker}.cpuprofile
  --floor-rounds N            引擎下限探针轮数（默认 20；0 表示不测下限与单请求时延）
  --serial N                  经 HTTP 逐个办理（一次一个请求）的项目数（默认 4），与下限比较
  --floor-only                只测下限探针与单请求时延，不跑饱和阶段
  --serial-back-to-back       下限探针与单请求阶段不等整机空闲，紧接着发下一个请求（旧的测法，对照用）`;

export function parseOptions(argv: string[]): BenchOptions {
  const args = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`未知参数：${a}\n${USAGE}`);
    const [flag, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
    const boolean = ['no-baseline', 'keep', 'help', 'floor-only', 'serial-back-to-back'].includes(flag);
    const value = boolean ? 'true' : (inline ?? argv[++i]);
    if (value === undefined) throw new Error(`参数 --${flag} 缺少取值`);
    args.set(flag, [...(args.get(flag) ?? []), value]);
  }
  if (args.has('help')) throw new Error(USAGE);
  const one = (flag: string) => args.get(flag)?.at(-1);
  const num = (flag: string) => {
    const v = one(flag);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`参数 --${flag} 应为非负数：${v}`);
    return n;
  };
  const known = new Set(['preset', 'mode', 'projects', 'duration', 'rate', 'window-clients', 'max-inflight', 'dept-concurrency', 'poll-ms', 'reply-poll-ms', 'warmup', 'no-baseline', 'soak', 'sample-every', 'timeout', 'database-url', 'env', 'name', 'keep', 'profile', 'floor-rounds', 'serial', 'floor-only', 'serial-back-to-back']);
  for (const flag of args.keys()) if (!known.has(flag)) throw new Error(`未知参数：--${flag}\n${USAGE}`);

  const soak = one('soak');
  const preset = (soak ? 'soak' : (one('preset') ?? 'small')) as Preset;
  if (!(preset in PRESETS)) throw new Error(`未知预设：${preset}（small、large）`);
  const mode = (one('mode') ?? 'poll') as Mode;
  if (mode !== 'poll' && mode !== 'webhook') throw new Error(`未知模式：${mode}（poll、webhook）`);
  const p = PRESETS[preset];
  const duration = soak ?? one('duration');
  const durationMs = duration ? parseDuration(duration) : undefined;
  const env: Record<string, string> = {};
  for (const kv of args.get('env') ?? []) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new Error(`--env 应为 KEY=VALUE：${kv}`);
    env[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  const rate = num('rate') ?? p.rate ?? 4;
  const timeoutMs = one('timeout') ? parseDuration(one('timeout')!) : (p.timeoutMs ?? (durationMs ?? 0) + 15 * 60_000);
  return {
    preset,
    mode,
    projects: num('projects') ?? p.projects ?? 0,
    durationMs,
    rate,
    windowClients: Math.max(1, num('window-clients') ?? p.windowClients ?? 8),
    maxInflight: Math.max(1, num('max-inflight') ?? p.maxInflight ?? 40),
    deptConcurrency: Math.max(1, num('dept-concurrency') ?? p.deptConcurrency ?? 4),
    pollMs: num('poll-ms') ?? 1000,
    replyPollMs: num('reply-poll-ms') ?? 200,
    warmup: num('warmup') ?? p.warmup ?? 3,
    baseline: !args.has('no-baseline') && p.baseline !== false,
    sampleEveryMs: one('sample-every') ? parseDuration(one('sample-every')!) : (p.sampleEveryMs ?? 5_000),
    timeoutMs,
    databaseUrl: one('database-url'),
    name: one('name'),
    env,
    keepWorkDir: args.has('keep'),
    profileDir: one('profile'),
    floorRounds: num('floor-rounds') ?? 20,
    serialProjects: num('serial') ?? 4,
    floorOnly: args.has('floor-only'),
    serialBackToBack: args.has('serial-back-to-back'),
  };
}
