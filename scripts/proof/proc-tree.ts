/**
 * Process trees from /proc (Linux). Services are started as `node tsx/cli.mjs entry.ts`, and tsx
 * runs the entry in a child node process: SIGKILL to the launcher alone would leave the real
 * worker running as an orphan. A crash is simulated by killing the whole tree, deepest first.
 */
import fs from 'node:fs';

function childrenOf(pid: number): number[] {
  let tasks: string[] = [];
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return []; // exited meanwhile
  }
  return tasks.flatMap((t) => {
    try {
      return fs.readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  });
}

/** The process and all its descendants, parents before children. */
export function processTree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length && out.length < 64; i++) out.push(...childrenOf(out[i]));
  return out;
}

/** The node process that runs the entry (the deepest one of a launcher's tree). */
export function servicePid(launcherPid: number): number {
  return processTree(launcherPid).at(-1) ?? launcherPid;
}

/** SIGKILL to the whole tree, children first, so nothing is re-parented and left running. */
export function killTree(pid: number): void {
  for (const p of processTree(pid).reverse()) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
