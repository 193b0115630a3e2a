/**
 * `npm run fuzz`: schemathesis against the live contract, once per role key and phase.
 *
 * Starts a test system (Temporal dev server, fresh SQLite read model, worker, gateway), seeds a
 * project, task, complaint and supervision order (scripts/fuzz-fixtures.ts) whose ids the fuzzer
 * draws, installs schemathesis from PyPI into a venv under .cache/ when it is missing, and runs
 * it with every check, a fixed example budget and seed against the whole contract with each
 * role's key (an operation outside the role's `x-roles` must answer the documented 403). Each
 * phase (examples, coverage, fuzzing, stateful) is its own run, so a report says which phase
 * found what. Fails on any 5xx, any non-conforming response and any schema-valid refusal;
 * scripts/fuzz.toml lists, with reasons, the few places where schemathesis's defaults differ.
 *
 *   npm run fuzz                                    # default budget
 *   FUZZ_MAX_EXAMPLES=5 npm run fuzz                # CI-sized (.ci/run)
 *   FUZZ_ROLES=admin,department FUZZ_PHASES=fuzzing npm run fuzz
 *   FUZZ_REPORT=.cache/ci/fuzz.json npm run fuzz    # also a Jest-shaped summary (one test per role × phase)
 *
 * Writes to `.cache/fuzz/`: a JUnit and a HAR file per role × phase, `summary.json` (per role:
 * operations exercised, requests, failures, seconds) and `fuzz.toml` (the configuration used).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../lib/paths';
import { operations } from '../api/http/openapi-document';
import { startTestSystem } from '../test/support/system';
import { fuzzFixtures } from './fuzz-fixtures';

const SCHEMATHESIS = 'schemathesis==4.32.5';
const SEED = 20261129;
// Admin last: it may revoke keys and edit officers (it cannot revoke its own key: 409 own_key), and
// every other role must still hold a working key when its turn comes.
const ROLES = ['supervisor', 'window', 'department', 'agent', 'admin'] as const;
const PHASES = ['examples', 'coverage', 'fuzzing', 'stateful'] as const;
type Role = (typeof ROLES)[number];
/** The key each role fuzzes with: bound like the fixtures, so the seeded objects are visible to it. */
const BINDING: Partial<Record<Role, string>> = { window: 'XZFW', department: 'FGW', agent: 'AG-01' };
/** Statuses that never reach a handler's own logic: contract validation, authentication, routing, limits. */
const EDGE_STATUSES = new Set([400, 401, 403, 404, 405, 406, 413, 415, 429]);

const outDir = path.join(repoRoot, '.cache', 'fuzz');
const venv = path.join(repoRoot, '.cache', 'fuzz-venv');
const st = path.join(venv, 'bin', 'st');

function say(line: string): void {
  process.stdout.write(`[fuzz] ${line}\n`);
}

/** The venv is created once and reused; the pinned version is installed with pip's ordinary client. */
function ensureSchemathesis(): void {
  const installed = fs.existsSync(st) && spawnSync(st, ['--version'], { encoding: 'utf8' }).stdout.includes(SCHEMATHESIS.split('==')[1]);
  if (installed) return;
  say(`安装 ${SCHEMATHESIS} 到 ${path.relative(repoRoot, venv)} …`);
  const steps: Array<[string, string[]]> = [
    ['python3', ['-m', 'venv', venv]],
    [path.join(venv, 'bin', 'pip'), ['install', '--disable-pip-version-check', '-q', SCHEMATHESIS]],
  ];
  for (const [cmd, args] of steps) {
    const r = spawnSync(cmd, args, { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} 失败（退出码 ${r.status}）`);
  }
}

/** Runs schemathesis; a run past `limitSeconds` is stopped and counts as failed, so CI cannot hang. */
function run(args: string[], env: NodeJS.ProcessEnv, limitSeconds: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(st, args, { stdio: 'inherit', cwd: repoRoot, env });
    const timer = setTimeout(() => {
      say(`超过 ${limitSeconds} 秒，停止本轮`);
      child.kill('SIGTERM');
    }, limitSeconds * 1000);
    child.once('error', reject).once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

interface HarEntry {
  request: { method: string; url: string };
  response: { status: number };
}

/** Requests sent, and the operations whose handler answered at least once (a status past the edge). */
function readHar(file: string): { requests: number; reached: Set<string> } {
  const reached = new Set<string>();
  if (!fs.existsSync(file)) return { requests: 0, reached };
  const entries = (JSON.parse(fs.readFileSync(file, 'utf8')) as { log: { entries: HarEntry[] } }).log.entries;
  const ops = [...operations().values()];
  for (const e of entries) {
    if (EDGE_STATUSES.has(e.response.status)) continue;
    const pathname = new URL(e.request.url).pathname;
    const op = ops.find((o) => o.method === e.request.method.toLowerCase() && o.pattern.test(pathname));
    if (op) reached.add(op.operationId);
  }
  return { requests: entries.length, reached };
}

interface PhaseResult {
  role: Role;
  phase: string;
  status: 'passed' | 'failed';
  seconds: number;
  requests: number;
}

/** Jest's JSON report shape, so .ci/run sums fuzzing with the Jest suites. */
function jestReport(results: PhaseResult[], startTime: number): object {
  const failed = results.filter((r) => r.status === 'failed').length;
  return {
    success: failed === 0,
    startTime,
    numTotalTestSuites: 1,
    numPassedTestSuites: failed === 0 ? 1 : 0,
    numFailedTestSuites: failed === 0 ? 0 : 1,
    numRuntimeErrorTestSuites: 0,
    numTotalTests: results.length,
    numPassedTests: results.length - failed,
    numFailedTests: failed,
    numPendingTests: 0,
    numTodoTests: 0,
    testResults: [
      {
        name: path.join(repoRoot, 'scripts', 'fuzz.ts'),
        status: failed === 0 ? 'passed' : 'failed',
        assertionResults: results.map((r) => ({
          ancestorTitles: ['schemathesis', r.role],
          title: `when role ${r.role} is fuzzed in phase ${r.phase}, then schemathesis reports no failure`,
          fullName: `schemathesis ${r.role} ${r.phase}`,
          status: r.status,
          duration: Math.round(r.seconds * 1000),
          failureMessages: r.status === 'failed' ? [`见 .cache/fuzz/${r.role}-${r.phase}.junit.xml`] : [],
        })),
      },
    ],
  };
}

async function main(): Promise<void> {
  const startTime = Date.now();
  const maxExamples = Number(process.env.FUZZ_MAX_EXAMPLES ?? 40);
  const maxSeconds = Number(process.env.FUZZ_MAX_SECONDS ?? 900);
  const phases = process.env.FUZZ_PHASES?.split(',') ?? [...PHASES];
  const roles = (process.env.FUZZ_ROLES?.split(',') ?? ROLES) as Role[];
  ensureSchemathesis();
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });

  say('启动测试系统 …');
  const sys = await startTestSystem({ RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '1000000', LOG_LEVEL: 'silent' });
  const results: PhaseResult[] = [];
  const summary: Record<string, object> = {};
  try {
    const subscribe = operations().get('createWebhookSubscription')!.roles;
    const subscribers = roles.filter((r) => subscribe.includes(r)).map((r) => sys.key(r, BINDING[r]));
    const config = path.join(outDir, 'fuzz.toml');
    fs.writeFileSync(config, fs.readFileSync(path.join(repoRoot, 'scripts', 'fuzz.toml'), 'utf8') + (await fuzzFixtures(sys, subscribers)));
    const env = { ...process.env, SCHEMATHESIS_HOOKS: 'fuzz_hooks', PYTHONPATH: path.join(repoRoot, 'scripts'), NO_COLOR: '1' };
    for (const role of roles) {
      const key = sys.key(role, BINDING[role]);
      const allowed = [...operations().values()].filter((o) => o.roles.includes(role)).map((o) => o.operationId);
      const reached = new Set<string>();
      let requests = 0;
      const roleStart = Date.now();
      for (const phase of phases) {
        say(`角色 ${role}，阶段 ${phase}：每个接口 ${maxExamples} 例，种子 ${SEED} …`);
        const report = path.join(outDir, `${role}-${phase}`);
        const phaseStart = Date.now();
        // Asynchronous: the gateway under test runs in this process and must keep serving.
        // No --max-time: with it, fuzzing and stateful testing repeat until the time is spent.
        const status = await run(
          [
            '--config-file', config,
            'run', `${sys.baseUrl}/openapi.json`,
            '--url', sys.baseUrl,
            '-H', `Authorization: Bearer ${key}`,
            '--checks', 'all',
            '--phases', phase,
            '--max-examples', String(maxExamples),
            '--seed', String(SEED),
            '--workers', '1',
            '--no-shrink',
            '--request-timeout', '30',
            '--report', 'junit,har',
            '--report-junit-path', `${report}.junit.xml`,
            '--report-har-path', `${report}.har`,
          ],
          env,
          maxSeconds,
        );
        const har = readHar(`${report}.har`);
        requests += har.requests;
        for (const op of har.reached) reached.add(op);
        const seconds = (Date.now() - phaseStart) / 1000;
        results.push({ role, phase, status: status === 0 ? 'passed' : 'failed', seconds, requests: har.requests });
        say(`角色 ${role}，阶段 ${phase}：${status === 0 ? '通过' : `失败（退出码 ${status}）`}，${har.requests} 个请求，${seconds.toFixed(0)} 秒`);
      }
      const failures = results.filter((r) => r.role === role && r.status === 'failed').length;
      const unreached = allowed.filter((op) => !reached.has(op));
      // An operation outside the role's x-roles that answered past the edge would be a hole in authorisation.
      const beyondRole = [...reached].filter((op) => !allowed.includes(op) && (operations().get(op)?.security?.length ?? 1) > 0);
      summary[role] = {
        operationsReached: allowed.length - unreached.length,
        beyondRole,
        operationsAllowed: allowed.length,
        unreached,
        requests,
        failedPhases: `${failures}/${phases.length}`,
        seconds: Math.round((Date.now() - roleStart) / 1000),
      };
      say(`角色 ${role}：到达处理逻辑的接口 ${allowed.length - unreached.length}（该角色可用 ${allowed.length}），${requests} 个请求，失败阶段 ${failures}/${phases.length}`);
      if (beyondRole.length > 0) say(`角色 ${role}：不在 x-roles 中却越过了边缘检查的接口：${beyondRole.join('、')}`);
      if (unreached.length > 0) say(`角色 ${role}：未到达处理逻辑的可用接口：${unreached.join('、')}`);
    }
  } finally {
    await sys.stop();
  }
  const failed = results.filter((r) => r.status === 'failed').length;
  fs.writeFileSync(path.join(outDir, 'summary.json'), JSON.stringify({ passed: results.length - failed, failed, roles: summary }, null, 2));
  if (process.env.FUZZ_REPORT) fs.writeFileSync(process.env.FUZZ_REPORT, JSON.stringify(jestReport(results, startTime), null, 2));
  say(`${results.length - failed} 轮通过，${failed} 轮失败（角色 × 阶段），共 ${Math.round((Date.now() - startTime) / 1000)} 秒`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((err: unknown) => {
  process.stderr.write(`[fuzz] 失败：${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  if (process.env.FUZZ_REPORT) {
    // A run that never got going is one failed test, so CI cannot read a missing report as green.
    fs.writeFileSync(process.env.FUZZ_REPORT, JSON.stringify({ ...(jestReport([], Date.now()) as object), success: false, numFailedTests: 1, numTotalTests: 1 }));
  }
  process.exit(1);
});
