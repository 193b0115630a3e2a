/**
 * `npm run fuzz`: schemathesis against the live contract, once per role key.
 *
 * Starts a test system (Temporal dev server, fresh SQLite read model, worker, gateway), installs
 * schemathesis from PyPI into a venv under .cache/ when it is missing, and runs it with every
 * check, a fixed example budget and seed, all phases including the stateful one, against the
 * whole contract with each role's key (an operation outside the role's `x-roles` must answer the
 * documented 403). Fails on any 5xx, any non-conforming response and any schema-valid refusal;
 * scripts/fuzz.toml lists, with reasons, the few places where schemathesis's defaults differ.
 *
 *   npm run fuzz                       # default budget
 *   FUZZ_MAX_EXAMPLES=10 npm run fuzz  # CI-sized (.ci/run)
 *   FUZZ_ROLES=admin,department npm run fuzz
 *
 * Writes `.cache/fuzz/summary.json` ({ passed, failed, roles }) and a JUnit report per role.
 */
import { spawn, spawnSync, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../lib/paths';
import { startTestSystem } from '../test/support/system';

const SCHEMATHESIS = 'schemathesis==4.32.5';
const SEED = 20261129;
const ROLES = ['admin', 'supervisor', 'window', 'department', 'agent'] as const;
type Role = (typeof ROLES)[number];

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

function run(cmd: string, args: string[], options: SpawnOptions): Promise<number | null> {
  return new Promise((resolve, reject) => spawn(cmd, args, options).once('error', reject).once('exit', (code) => resolve(code)));
}

async function main(): Promise<void> {
  const maxExamples = Number(process.env.FUZZ_MAX_EXAMPLES ?? 40);
  const maxSeconds = Number(process.env.FUZZ_MAX_SECONDS ?? 600);
  const phases = process.env.FUZZ_PHASES ?? 'examples,coverage,fuzzing,stateful';
  const roles = (process.env.FUZZ_ROLES?.split(',') ?? ROLES) as Role[];
  ensureSchemathesis();
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });

  say('启动测试系统 …');
  const sys = await startTestSystem({ RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '1000000', LOG_LEVEL: 'silent' });
  const results: Record<string, 'passed' | 'failed'> = {};
  try {
    for (const role of roles) {
      const key = sys.key(role, role === 'department' ? 'FGW' : undefined);
      say(`角色 ${role}：每个接口 ${maxExamples} 例，种子 ${SEED} …`);
      // Asynchronous: the gateway under test runs in this process and must keep serving.
      const status = await run(
        st,
        [
          '--config-file',
          path.join(repoRoot, 'scripts', 'fuzz.toml'),
          'run',
          `${sys.baseUrl}/openapi.json`,
          '--url',
          sys.baseUrl,
          '-H',
          `Authorization: Bearer ${key}`,
          '--checks',
          'all',
          '--phases',
          phases,
          // A bound per role, so a slow operation cannot stall CI; the seed keeps runs comparable.
          '--max-time',
          String(maxSeconds),
          '--max-examples',
          String(maxExamples),
          '--seed',
          String(SEED),
          '--workers',
          '1',
          '--no-shrink',
          '--request-timeout',
          '30',
          '--report',
          'junit',
          '--report-junit-path',
          path.join(outDir, `${role}.junit.xml`),
        ],
        {
          stdio: 'inherit',
          cwd: repoRoot,
          env: { ...process.env, SCHEMATHESIS_HOOKS: 'fuzz_hooks', PYTHONPATH: path.join(repoRoot, 'scripts'), NO_COLOR: '1' },
        },
      );
      results[role] = status === 0 ? 'passed' : 'failed';
      say(`角色 ${role}：${results[role] === 'passed' ? '通过' : `失败（退出码 ${status}）`}`);
    }
  } finally {
    await sys.stop();
  }
  const passed = Object.values(results).filter((r) => r === 'passed').length;
  const failed = roles.length - passed;
  fs.writeFileSync(path.join(outDir, 'summary.json'), JSON.stringify({ passed, failed, roles: results }, null, 2));
  say(`${passed} 个角色通过，${failed} 个失败`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((err: unknown) => {
  process.stderr.write(`[fuzz] 失败：${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
