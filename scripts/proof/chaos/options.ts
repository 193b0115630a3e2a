/** Sizes of a chaos run: two presets and command-line overrides. */

export type Preset = 'ci' | 'full';

export interface ChaosOptions {
  preset: Preset;
  /** Projects the window submits over HTTP; the first one is the 10-way concurrent intake. */
  projects: number;
  /** Projects started directly on Temporal with a receipt time in the past (deadline timers). */
  overdueProjects: number;
  workerKills: number;
  devServerRestarts: number;
  /** kill -9 of a gateway behind the edge; only on the cluster (npm run cluster -- chaos). */
  gatewayKills: number;
  receiverOutages: number;
  /** Rounds of pg_terminate_backend; only on PostgreSQL. */
  pgTerminations: number;
  /** Identical submissions raced with one Idempotency-Key. */
  concurrentIntakes: number;
  /** How long the worker stays dead after each kill -9. */
  workerDowntimeMs: number;
  /** Upper bound for one receiver outage (it ends earlier once failed attempts were recorded). */
  receiverOutageMaxMs: number;
  /** Bound for the whole load to conclude after the last fault. */
  settleTimeoutMs: number;
  /** PostgreSQL server URL (a scratch database is created in it); unset means SQLite. */
  pgUrl?: string;
  workDir?: string;
  /** Where the JSON report goes; default `<workDir>/chaos-report.json`. */
  reportFile?: string;
  /** Keep the work directory (logs, databases) after a successful run. */
  keep: boolean;
}

const PRESETS: Record<Preset, Omit<ChaosOptions, 'preset' | 'pgUrl' | 'workDir' | 'reportFile' | 'keep'>> = {
  ci: {
    projects: 6,
    overdueProjects: 2,
    workerKills: 3,
    devServerRestarts: 1,
    gatewayKills: 0,
    receiverOutages: 1,
    pgTerminations: 3,
    concurrentIntakes: 10,
    workerDowntimeMs: 1500,
    receiverOutageMaxMs: 30_000,
    settleTimeoutMs: 120_000,
  },
  full: {
    projects: 24,
    overdueProjects: 4,
    workerKills: 6,
    devServerRestarts: 2,
    gatewayKills: 0,
    receiverOutages: 2,
    pgTerminations: 6,
    concurrentIntakes: 10,
    workerDowntimeMs: 3000,
    receiverOutageMaxMs: 45_000,
    settleTimeoutMs: 300_000,
  },
};

export function presetOptions(preset: Preset, overrides: Partial<ChaosOptions> = {}): ChaosOptions {
  return { preset, ...PRESETS[preset], keep: false, ...overrides };
}

const NUMERIC: Record<string, keyof ChaosOptions> = {
  '--projects': 'projects',
  '--overdue': 'overdueProjects',
  '--worker-kills': 'workerKills',
  '--dev-server-restarts': 'devServerRestarts',
  '--gateway-kills': 'gatewayKills',
  '--receiver-outages': 'receiverOutages',
  '--pg-terminations': 'pgTerminations',
  '--concurrent-intakes': 'concurrentIntakes',
  '--worker-downtime-ms': 'workerDowntimeMs',
  '--receiver-outage-ms': 'receiverOutageMaxMs',
  '--settle-timeout-ms': 'settleTimeoutMs',
};

export const USAGE = `用法: npm run chaos -- [--preset ci|full] [--pg URL | --sqlite] [--work-dir DIR] [--report FILE] [--keep]
        [${Object.keys(NUMERIC).map((k) => `${k} N`).join('] [')}]
  --pg URL    在该 PostgreSQL 服务器上新建临时库运行（默认取 TEST_DATABASE_URL_PG；都没有则用 SQLite，跳过断库故障）
  --sqlite    即使设置了 TEST_DATABASE_URL_PG 也用 SQLite`;

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ChaosOptions {
  const presetIndex = argv.indexOf('--preset');
  const preset = (presetIndex >= 0 ? argv[presetIndex + 1] : 'ci') as Preset;
  if (preset !== 'ci' && preset !== 'full') throw new Error(`未知预设 ${preset}\n${USAGE}`);
  const opts = presetOptions(preset, { pgUrl: env.TEST_DATABASE_URL_PG || undefined });
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    switch (arg) {
      case '--preset':
        i++;
        break;
      case '--keep':
        opts.keep = true;
        break;
      case '--sqlite':
        opts.pgUrl = undefined;
        break;
      case '--pg':
        opts.pgUrl = value;
        i++;
        break;
      case '--work-dir':
        opts.workDir = value;
        i++;
        break;
      case '--report':
        opts.reportFile = value;
        i++;
        break;
      case '--help':
      case '-h':
        throw new Error(USAGE);
      default: {
        if (!(arg in NUMERIC)) throw new Error(`未知参数 ${arg}\n${USAGE}`);
        const n = Number(value);
        if (!Number.isInteger(n) || n < 0) throw new Error(`${arg} 需要非负整数，得到 ${value}\n${USAGE}`);
        (opts as unknown as Record<string, number>)[NUMERIC[arg]] = n;
        i++;
      }
    }
  }
  if (opts.projects < 1) throw new Error('--projects 至少为 1（第一个项目用于并发受理检查）');
  return opts;
}
