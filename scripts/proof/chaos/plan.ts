/** The fault plan of a run, the overdue-alarm readiness probe, and the client-side check. */
import { shanghaiDateOf } from '../../../domain/clock';
import type { Db } from '../../../lib/db/client';
import { CheckBuilder, type Check } from './check';
import { FIRST_WAVE, type LoadState } from './clients';
import type { ChaosOptions } from './options';

export type FaultKind = 'worker' | 'devserver' | 'gateway' | 'receiver' | 'pg';

/**
 * Interleaves the faults so each kind is spread over the run (round-robin by kind), starting
 * with a worker kill: the overdue projects are started while that worker is dead.
 */
export function planFaults(opts: ChaosOptions, onPostgres: boolean): FaultKind[] {
  const queues: FaultKind[][] = [
    Array<FaultKind>(opts.workerKills).fill('worker'),
    Array<FaultKind>(opts.devServerRestarts).fill('devserver'),
    Array<FaultKind>(opts.gatewayKills).fill('gateway'),
    Array<FaultKind>(opts.receiverOutages).fill('receiver'),
    Array<FaultKind>(onPostgres ? opts.pgTerminations : 0).fill('pg'),
  ];
  const plan: FaultKind[] = [];
  while (queues.some((q) => q.length > 0)) {
    for (const q of queues) {
      const next = q.shift();
      if (next) plan.push(next);
    }
  }
  return plan;
}

/**
 * True once every first-wave task of the overdue projects shows its caught-up alarms: red,
 * deemed accepted, and the statutory breach recorded where the statutory deadline has passed.
 * Until then the clients leave these tasks alone, so a decision cannot pre-empt an alarm.
 */
export async function overdueAlarmsDone(db: Db, codes: string[]): Promise<boolean> {
  if (codes.length === 0) return true;
  const today = shanghaiDateOf(Date.now());
  const ids = codes.flatMap((code) => FIRST_WAVE.map((item) => `${code}.${item}`));
  const tasks = await db.task.findMany({ where: { id: { in: ids } } });
  if (tasks.length !== ids.length) return false;
  const breaches = await db.event.findMany({ where: { taskId: { in: ids }, type: 'task.statutory_breached' }, select: { taskId: true } });
  return tasks.every(
    (t) =>
      t.light === 'red' &&
      t.deemedAccepted &&
      (t.statutoryDueDate === null || t.statutoryDueDate >= today || breaches.some((b) => b.taskId === t.id)),
  );
}

export function clientCheck(state: LoadState, unexpectedWorkerExits: number, gatewayExits: string[] = []): Check {
  const c = new CheckBuilder('clients', '客户端与进程：所有请求最终得到可解释的应答（5xx/断连按原样重试，409/412 重新读取），网关没有意外退出');
  c.set('申报（201）', state.counts.submitted);
  c.set('其中幂等重放', state.counts.replayed);
  c.set('受理', state.counts.accepted);
  c.set('一次性告知', state.counts.supplementsRequested);
  c.set('补正', state.counts.supplementsSupplied);
  c.set('决定', state.counts.decided);
  c.set('异常应答', state.anomalies.length);
  for (const a of state.anomalies) c.fail(`${a.who}：${a.what} → HTTP ${a.status}${a.detail ? ` ${a.detail}` : ''}`);
  for (const e of gatewayExits) c.fail(e);
  if (unexpectedWorkerExits > 0) c.note(`工作进程意外退出 ${unexpectedWorkerExits} 次，已由守护重启（不计为丢失，但应查看 worker.log）`);
  return c.build();
}
