/**
 * Process facts from /proc (Linux): resident memory and CPU time of the system's processes, and
 * the machine the numbers were measured on. A service is measured as its process tree, so anything
 * it starts is counted too.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { processTree } from '../scripts/proof/proc-tree';

/** Linux USER_HZ; the kernel reports utime/stime in these ticks on every architecture we run on. */
const CLOCK_TICKS = 100;

function read(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined; // the process exited meanwhile
  }
}

export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(read(`/proc/${pid}/status`) ?? '');
  return m ? Math.round(Number(m[1]) / 102.4) / 10 : 0;
}

export function cpuSeconds(pid: number): number {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return 0;
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

export interface ProcessFacts {
  /** RSS of the service process itself. */
  rssMb: number;
  /** RSS of the whole tree. */
  treeRssMb: number;
  cpuSeconds: number;
  pids: number[];
}

export function measure(pid: number | undefined): ProcessFacts | undefined {
  if (pid === undefined || !fs.existsSync(`/proc/${pid}`)) return undefined;
  const pids = processTree(pid);
  return {
    rssMb: rssMb(pids[0]),
    treeRssMb: Math.round(pids.reduce((s, p) => s + rssMb(p), 0) * 10) / 10,
    cpuSeconds: Math.round(pids.reduce((s, p) => s + cpuSeconds(p), 0) * 100) / 100,
    pids,
  };
}

export interface MachineFacts {
  cores: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  os: string;
  temporalCli?: string;
  commit?: string;
}

export function machineFacts(temporalCli?: string): MachineFacts {
  const git = (args: string[]) => {
    try {
      return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return undefined;
    }
  };
  const head = git(['rev-parse', '--short', 'HEAD']);
  const dirty = git(['status', '--porcelain'])?.length ? '（工作区有未提交改动）' : '';
  let cliVersion: string | undefined;
  try {
    cliVersion = temporalCli ? execFileSync(temporalCli, ['--version'], { encoding: 'utf8' }).trim() : undefined;
  } catch {
    cliVersion = undefined;
  }
  return {
    cores: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    temporalCli: cliVersion,
    commit: head ? `${head}${dirty}` : undefined,
  };
}

/**
 * Busy CPU seconds of the whole machine since boot, all cores (user, nice, system, irq, softirq,
 * steal). A phase's machine total minus its own processes is the load of everything else — on a
 * shared machine that is what makes a run unreliable, so it is reported next to the numbers.
 */
export function machineBusySeconds(): number {
  const f = (read('/proc/stat') ?? '').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return (f[0] + f[1] + f[2] + f[5] + f[6] + f[7]) / CLOCK_TICKS;
}
