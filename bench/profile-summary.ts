/**
 * Summarises a .cpuprofile: self time by package/module and the top functions, so a profile can
 * be read in a terminal. `npx tsx bench/profile-summary.ts /tmp/prof/api.cpuprofile [top]`
 */
import fs from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error('用法：npx tsx bench/profile-summary.ts <文件.cpuprofile> [条数]');
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: Node[]; startTime: number; endTime: number; samples: number[] };
const top = Number(topArg ?? 25);
const total = profile.samples.length;

/** node_modules/<pkg> (with scope), the repo folder for our code, or the V8 category. */
const moduleOf = (url: string) => {
  if (!url) return '(V8/native)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  if (url.startsWith('node:')) return 'node:*';
  const repo = /\/work\/main\/([^/]+)\//.exec(url);
  return repo ? `${repo[1]}/` : url.slice(-60);
};

const byModule = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const n of profile.nodes) {
  const hits = n.hitCount ?? 0;
  if (!hits) continue;
  const mod = n.callFrame.functionName === '(idle)' || n.callFrame.functionName === '(program)' ? n.callFrame.functionName : moduleOf(n.callFrame.url);
  byModule.set(mod, (byModule.get(mod) ?? 0) + hits);
  const fn = `${n.callFrame.functionName || '(anonymous)'} ${moduleOf(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + hits);
}
const pct = (h: number) => `${((h / total) * 100).toFixed(1)}%`.padStart(6);
const seconds = (profile.endTime - profile.startTime) / 1e6;
process.stdout.write(`${file}：${seconds.toFixed(1)} 秒，${total} 个样本\n\n按模块（自身时间）：\n`);
for (const [m, h] of [...byModule].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${pct(h)}  ${m}\n`);
process.stdout.write('\n按函数（自身时间）：\n');
for (const [f, h] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${pct(h)}  ${f}\n`);
