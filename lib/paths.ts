import fs from 'node:fs';
import path from 'node:path';

/** The repository root: found by walking up to our package.json, so it works from sources and from dist/. */
function findRepoRoot(start: string): string {
  let dir = start;
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate)) {
      const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: string };
      if (pkg.name === 'parallel-approval-gateway') return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`找不到项目根目录（从 ${start} 向上查找 package.json）`);
    dir = parent;
  }
}

export const repoRoot = findRepoRoot(__dirname);
/** Git-ignored caches of built tools (Temporal CLI, Java test server classpath, local PostgreSQL). */
export const cacheDir = path.join(repoRoot, '.cache');
/** Git-ignored runtime data of the embedded default (SQLite file, Temporal dev DB, dev credentials). */
export const dataDir = path.join(repoRoot, 'data');
