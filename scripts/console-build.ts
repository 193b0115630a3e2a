/**
 * Builds the staff console (console/ → console/dist) when its inputs changed, then prints the size of
 * the first load and of each lazily loaded chunk, gzipped. Fails when the first load exceeds the
 * budget (500 KB gzipped JS). `--force` rebuilds regardless; `--check` only reports.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { repoRoot } from '../lib/paths';

const consoleDir = path.join(repoRoot, 'console');
const distDir = path.join(consoleDir, 'dist');
const stampFile = path.join(distDir, '.inputs-sha256');
export const FIRST_LOAD_BUDGET_BYTES = 500 * 1024;

/** Everything the bundle is made from: the console's sources and config, and the two root files it imports. */
function inputFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(path.join(consoleDir, 'src'));
  files.push(
    ...['index.html', 'portal.html', 'vite.config.ts', 'package-lock.json', 'tsconfig.json'].map((f) => path.join(consoleDir, f)),
    path.join(repoRoot, 'api', 'generated', 'openapi.d.ts'),
    path.join(repoRoot, 'domain', 'uscc.ts'),
  );
  return files.sort();
}

function inputsHash(): string {
  const h = createHash('sha256');
  for (const f of inputFiles()) h.update(path.relative(repoRoot, f)).update('\0').update(fs.readFileSync(f)).update('\0');
  return h.digest('hex');
}

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  src?: string;
  name?: string;
}

const gz = (file: string) => gzipSync(fs.readFileSync(path.join(distDir, file))).length;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

/** JS a chunk needs before it runs: itself and its static imports, transitively. */
function closure(manifest: Record<string, ManifestChunk>, key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const i of manifest[key]?.imports ?? []) closure(manifest, i, seen);
  return seen;
}

export function sizeReport(): { firstLoad: number; lines: string[] } {
  const manifest = JSON.parse(fs.readFileSync(path.join(distDir, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  // Two entries (console and portal); the budget holds for each, and the larger first load is reported.
  const entries = Object.keys(manifest).filter((k) => manifest[k].isEntry);
  if (entries.length === 0) throw new Error('console build has no entry chunk');
  const lines: string[] = [];
  let firstLoad = 0;
  const initial = new Set<string>();
  for (const entry of entries) {
    const own = closure(manifest, entry);
    const bytes = [...own].reduce((sum, k) => sum + gz(manifest[k].file), 0);
    own.forEach((k) => initial.add(k));
    firstLoad = Math.max(firstLoad, bytes);
    lines.push(`  首屏 JS（gzip）${entry.padEnd(12)} ${kb(bytes)}（预算 ${kb(FIRST_LOAD_BUDGET_BYTES)}）`);
  }
  for (const [key, chunk] of Object.entries(manifest)) {
    if (!chunk.isDynamicEntry) continue;
    const extra = [...closure(manifest, key)].filter((k) => !initial.has(k));
    const bytes = extra.reduce((sum, k) => sum + gz(manifest[k].file), 0);
    lines.push(`  按需加载 ${(chunk.src ?? key).replace(/^src\//, '').padEnd(26)} +${kb(bytes)}`);
  }
  return { firstLoad, lines };
}

export function buildConsole({ force = false, log = (m: string): void => void process.stderr.write(`${m}\n`) }: { force?: boolean; log?: (m: string) => void } = {}): { built: boolean } {
  if (!fs.existsSync(path.join(consoleDir, 'node_modules'))) {
    log('[工作台] 安装依赖（console/ 中 npm ci）…');
    execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: consoleDir, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const hash = inputsHash();
  const current = fs.existsSync(stampFile) ? fs.readFileSync(stampFile, 'utf8').trim() : '';
  let built = false;
  if (force || current !== hash || !fs.existsSync(path.join(distDir, 'index.html'))) {
    log('[工作台] 构建 console/ …');
    execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: consoleDir, stdio: ['ignore', 'ignore', 'inherit'] });
    fs.writeFileSync(stampFile, `${hash}\n`);
    built = true;
  }
  const { firstLoad, lines } = sizeReport();
  log(`[工作台] ${built ? '已构建' : '源码未变，沿用上次构建'}：console/dist`);
  for (const l of lines) log(l);
  if (firstLoad > FIRST_LOAD_BUDGET_BYTES) throw new Error(`工作台首屏 JS ${kb(firstLoad)} 超过预算 ${kb(FIRST_LOAD_BUDGET_BYTES)}`);
  return { built };
}

if (require.main === module) {
  try {
    buildConsole({ force: process.argv.includes('--force') });
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
