/**
 * The cluster's processes outlive the command that starts them, so each is remembered in a pid file
 * (run/<name>.pid) holding its pid and its start time from /proc: a pid reused by an unrelated
 * process after a reboot or crash is never mistaken for ours, never signalled by `stop`.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../lib/paths';
import { killTree } from '../proof/proc-tree';
import type { ClusterLayout } from './layout';

interface PidRecord {
  pid: number;
  startTime: string;
}

/** Fields of /proc/<pid>/stat from field 3 (state) on; the command name may contain spaces, so split after ')'. */
function procStat(pid: number): string[] | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** Field 22 (start time in clock ticks since boot). */
const startTimeOf = (pid: number) => procStat(pid)?.[19];

const pidFile = (layout: ClusterLayout, name: string) => path.join(layout.runDir, `${name}.pid`);
export const logFile = (layout: ClusterLayout, name: string) => path.join(layout.logDir, `${name}.log`);

/** The running process recorded under `name`, or undefined (never started, exited, or pid reused). */
export function runningPid(layout: ClusterLayout, name: string): number | undefined {
  let record: PidRecord;
  try {
    record = JSON.parse(fs.readFileSync(pidFile(layout, name), 'utf8')) as PidRecord;
  } catch {
    return undefined;
  }
  const stat = procStat(record.pid);
  // A zombie (Z) has exited; only its parent has not collected it yet.
  return stat && stat[0] !== 'Z' && stat[19] === record.startTime ? record.pid : undefined;
}

export interface SpawnSpec {
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
}

/** Starts `name` in the background (its own session, output to logs/<name>.log) unless it already runs. */
export function startDetached(layout: ClusterLayout, name: string, spec: SpawnSpec): { pid: number; started: boolean } {
  const existing = runningPid(layout, name);
  if (existing) return { pid: existing, started: false };
  fs.mkdirSync(layout.runDir, { recursive: true });
  fs.mkdirSync(layout.logDir, { recursive: true });
  const out = fs.openSync(logFile(layout, name), 'a');
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd ?? repoRoot,
    env: { ...process.env, ...spec.env },
    stdio: ['ignore', out, out],
    detached: true,
  });
  fs.closeSync(out);
  if (child.pid === undefined) throw new Error(`无法启动 ${name}（${spec.command}）`);
  child.unref();
  const record: PidRecord = { pid: child.pid, startTime: startTimeOf(child.pid) ?? '' };
  fs.writeFileSync(pidFile(layout, name), JSON.stringify(record));
  return { pid: child.pid, started: true };
}

/** A node process running one of our TypeScript entry points, as a single process (no tsx launcher). */
export function nodeEntry(entry: string, env: Record<string, string>): SpawnSpec {
  return { command: process.execPath, args: ['--import', 'tsx', entry], env };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** SIGTERM, then SIGKILL after `graceMs`; true when something was running. */
export async function stopProcess(layout: ClusterLayout, name: string, graceMs = 15_000): Promise<boolean> {
  const pid = runningPid(layout, name);
  if (!pid) {
    fs.rmSync(pidFile(layout, name), { force: true });
    return false;
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (runningPid(layout, name) && Date.now() < deadline) await sleep(100);
  if (runningPid(layout, name)) killTree(pid);
  while (runningPid(layout, name)) await sleep(50);
  fs.rmSync(pidFile(layout, name), { force: true });
  return true;
}

/** kill -9, no draining: what a crash of the machine's process looks like. */
export async function kill9(layout: ClusterLayout, name: string): Promise<number | undefined> {
  const pid = runningPid(layout, name);
  if (!pid) return undefined;
  killTree(pid);
  while (runningPid(layout, name)) await sleep(50);
  return pid;
}
