/**
 * Process trees from /proc (Linux). Services run as `node --import tsx entry.ts`, one process, but
 * a crash is still simulated by killing the whole tree, deepest first: whatever a service may have
 * started must not survive it as an orphan that keeps polling or holding a port.
 */
import fs from 'node:fs';

export function childrenOf(pid: number): number[] {
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
