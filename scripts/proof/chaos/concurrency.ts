/**
 * The two races of a chaos run, run before the faults so each request gets one clean answer:
 *  - N identical submissions with one Idempotency-Key → one project code, one project row, one
 *    workflow run;
 *  - two decisions on one accepted task with the same If-Match → exactly one 200, the other 412/409.
 */
import type { Client } from '@temporalio/client';
import type { Db } from '../../../lib/db/client';
import { projectWorkflowId } from '../../../workflows/project/contracts';
import { CheckBuilder, type Check } from './check';
import { decisionFor, readTask, submitProject, type LoadState } from './clients';
import { type ChaosHttp, persistently } from './http';

export interface ConcurrencyOutcome {
  intake: { attempts: number; statuses: number[]; codes: string[]; replayed: number };
  decision: { taskId: string; ifMatch: string; statuses: number[] };
  /** Verification after the run, once visibility has caught up. */
  check(db: Db, temporal: Client): Promise<Check>;
}

export interface ConcurrencyInput {
  http: ChaosHttp;
  state: LoadState;
  windowKey: string;
  fgwKey: string;
  name: string;
  attempts: number;
  runId: string;
}

export async function runConcurrencyChecks({ http, state, windowKey, fgwKey, name, attempts, runId }: ConcurrencyInput): Promise<ConcurrencyOutcome> {
  const key = `chaos-concurrent-${runId}`;
  const replayedBefore = state.counts.replayed;
  const replies = await Promise.all(Array.from({ length: attempts }, () => submitProject(http, state, windowKey, key, name)));
  const codes = [...new Set(replies.filter((r) => r.status === 201).map((r) => r.body.code))];
  const intake = { attempts, statuses: replies.map((r) => r.status), codes, replayed: state.counts.replayed - replayedBefore };

  // The harness is FGW's system for this one task; the department loops start afterwards.
  const taskId = `${codes[0]}.FGW-01`;
  let decision = { taskId, ifMatch: '', statuses: [] as number[] };
  const before = await readTask(http, fgwKey, taskId);
  if (before) {
    const accepted = await http.send('POST', `/api/v1/tasks/${taskId}/acceptance`, { key: fgwKey, body: {}, headers: { 'If-Match': before.etag } });
    const current = accepted.status === 200 ? await readTask(http, fgwKey, taskId) : undefined;
    if (current) {
      // Two competing decisions (different permit numbers) on one version: only one may win. An identical
      // request sent twice is one request (api/routes/task-actions.ts requestUpdateId) and answers 200 twice.
      const body = decisionFor(current.task);
      const race = await Promise.all(
        [1, 2].map((n) =>
          http.once('POST', `/api/v1/tasks/${taskId}/decision`, { key: fgwKey, body: { ...body, permitNumber: `${body.permitNumber}-${n}` }, headers: { 'If-Match': current.etag } }),
        ),
      );
      decision = { taskId, ifMatch: current.etag, statuses: race.map((r) => r.status) };
      state.counts.accepted++;
      state.counts.decided += race.filter((r) => r.status === 200).length;
    }
  }

  return {
    intake,
    decision,
    async check(db, temporal) {
      const c = new CheckBuilder('concurrency', '并发：同一 Idempotency-Key 并发受理只生成一个项目；同一 If-Match 的两个不同决定只有一个成功');
      c.set('并发受理请求', attempts);
      c.set('受理 201', intake.statuses.filter((s) => s === 201).length);
      c.set('幂等重放', intake.replayed);
      c.set('项目编号数', codes.length);
      c.expect(intake.statuses.every((s) => s === 201), `并发受理的应答为 ${intake.statuses.join(', ')}，应全部为 201`);
      c.expect(codes.length === 1, `并发受理得到 ${codes.length} 个项目编号：${codes.join(', ')}`);
      const rows = await persistently('统计并发项目', () => db.project.count({ where: { name } }));
      c.set('读模型项目行', rows);
      c.expect(rows === 1, `名称为“${name}”的项目有 ${rows} 个`);
      if (codes.length === 1) {
        let runs = 0;
        for await (const _w of temporal.workflow.list({ query: `WorkflowId = '${projectWorkflowId(codes[0])}'` })) runs++;
        c.set('项目流程运行', runs);
        c.expect(runs === 1, `${projectWorkflowId(codes[0])} 有 ${runs} 次运行`);
      }
      const sorted = [...decision.statuses].sort();
      c.set('并发决定 200', sorted.filter((s) => s === 200).length);
      c.expect(
        sorted.length === 2 && sorted[0] === 200 && (sorted[1] === 409 || sorted[1] === 412),
        `同一 If-Match 的两个不同的并发决定得到 ${decision.statuses.join(' / ') || '（未执行）'}，应为一个 200、一个 412 或 409`,
      );
      const decided = await persistently('统计决定事件', () => db.event.count({ where: { taskId, type: 'task.decided' } }));
      c.set('该任务 task.decided 事件', decided);
      c.expect(decided === 1, `任务 ${taskId} 有 ${decided} 条 task.decided`);
      return c.build();
    },
  };
}
