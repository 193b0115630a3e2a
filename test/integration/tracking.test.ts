/**
 * Follow-up tracking over real HTTP, a real Temporal dev server and a real database: a project is
 * driven to its consolidated reply through the API, tracking starts, the assigned agent records
 * milestones and satisfaction, another agent cannot see any of it, supervision closes tracking,
 * and the timeline tells the whole story.
 */
import { APPLICANT } from '../support/scenario';
import { trackingWorkflowId } from '../../workflows/tracking/contracts';
import { addDays, shanghaiDateOf } from '../../domain/clock';
import { eventually } from '../support/eventually';
import { useTestSystem } from '../support/system';

const submission = {
  applicant: APPLICANT,
  project: { name: '智能仓储物流中心', type: 'warehouse', location: '城东工业园 5 号地块', investmentWan: 800 },
  materials: [{ name: '项目申请报告', copies: 1 }],
  firstInquiryStaff: '李窗口',
  agentId: 'AG-01',
};

describe('follow-up tracking over HTTP', () => {
  const t = useTestSystem();

  /** FGW approves and GTJ rejects, so the planning chain behind GTJ never starts and the reply follows. */
  async function replyTo(code: string): Promise<void> {
    for (const [itemId, body] of [
      ['FGW-01', { decision: 'approved', permitNumber: 'FGW-2026-101' }],
      ['GTJ-01', { decision: 'rejected', reasons: ['用地不符合国土空间规划'] }],
    ] as const) {
      const key = t.sys.key('department', itemId.slice(0, 3));
      const queue = await eventually(
        () => t.call('listTasks', 'GET', `/api/v1/tasks?projectId=${code}&status=received`, { key }),
        (r) => r.body.items.some((t: { itemId: string }) => t.itemId === itemId),
        `${itemId} 推送到部门`,
      );
      const task = queue.body.items.find((t: { itemId: string }) => t.itemId === itemId);
      const accepted = await t.call('acceptTask', 'POST', `/api/v1/tasks/${task.id}/acceptance`, { key, body: {}, headers: { 'If-Match': `"${task.version}"` } });
      expect(accepted.status).toBe(200);
      const decided = await t.call('decideTask', 'POST', `/api/v1/tasks/${task.id}/decision`, { key, body, headers: { 'If-Match': accepted.headers.get('etag')! } });
      expect(decided.status).toBe(200);
    }
    await eventually(() => t.call('getConsolidatedReply', 'GET', `/api/v1/projects/${code}/reply`, { key: t.sys.key('window') }), (r) => r.status === 200, '集中回复生成');
  }

  test('when the assigned agent tracks a replied project, then milestones and satisfaction are recorded, others see 404, and the timeline lists every event', async () => {
    const window = t.sys.key('window');
    const agent = t.sys.key('agent', 'AG-01');
    const otherAgent = t.sys.key('agent', 'AG-02');
    const supervisor = t.sys.key('supervisor');
    const today = shanghaiDateOf(Date.now());

    const submitted = await t.call('submitProject', 'POST', '/api/v1/projects', { key: window, body: submission, headers: { 'Idempotency-Key': 'tracking-0001' } });
    expect(submitted.status).toBe(201);
    const code: string = submitted.body.code;
    const base = `/api/v1/projects/${code}`;

    const early = await t.call('recordMilestone', 'PUT', `${base}/milestones/construction_start`, { key: agent, body: { plannedDate: addDays(today, 30) } });
    expect([early.status, early.body.reason]).toEqual([409, 'tracking_not_started']);
    expect(early.body.detail).toContain('尚未集中回复');

    // The project workflow starts the tracking child right after the reply.
    await replyTo(code);
    await eventually(() => t.call('getProject', 'GET', base, { key: agent }), (r) => r.body.status === 'tracking', '项目进入跟踪服务');

    const planned = await t.call('recordMilestone', 'PUT', `${base}/milestones/construction_start`, { key: agent, body: { plannedDate: addDays(today, 30) } });
    expect(planned.status).toBe(200);
    expect(planned.body).toMatchObject({ projectId: code, kind: 'construction_start', plannedDate: addDays(today, 30), actualDate: null, recordedBy: '王代办（开发）' });

    const started = await t.call('recordMilestone', 'PUT', `${base}/milestones/construction_start`, {
      key: agent,
      body: { plannedDate: addDays(today, 30), actualDate: today },
    });
    expect([started.status, started.body.actualDate]).toEqual([200, today]);

    const future = await t.call('recordMilestone', 'PUT', `${base}/milestones/completion`, { key: agent, body: { plannedDate: today, actualDate: addDays(today, 1) } });
    // A date in the future is a rule of the workflow, not of the contract: 422 rule-violated.
    expect([future.status, future.body.type]).toEqual([422, 'https://approval.gov.local/problems/rule-violated']);
    const early2 = await t.call('recordMilestone', 'PUT', `${base}/milestones/completion`, { key: agent, body: { plannedDate: addDays(today, -1), actualDate: addDays(today, -1) } });
    expect([early2.status, early2.body.reason]).toEqual([409, 'milestone_out_of_order']);

    for (const [op, method, path, body] of [
      ['recordMilestone', 'PUT', `${base}/milestones/completion`, { plannedDate: addDays(today, 300) }],
      ['recordSatisfaction', 'PUT', `${base}/satisfaction`, { rating: 'satisfied' }],
      ['getProjectTimeline', 'GET', `${base}/timeline`, undefined],
    ] as const) {
      const r = await t.call(op, method, path, { key: otherAgent, body });
      expect([op, r.status]).toEqual([op, 404]);
    }

    const rated = await t.call('recordSatisfaction', 'PUT', `${base}/satisfaction`, { key: agent, body: { rating: 'satisfied', comment: '代办服务很周到' } });
    expect(rated.status).toBe(200);
    expect(rated.body).toMatchObject({ projectId: code, rating: 'satisfied', comment: '代办服务很周到', recordedBy: '王代办（开发）' });
    const again = await t.call('recordSatisfaction', 'PUT', `${base}/satisfaction`, { key: agent, body: { rating: 'dissatisfied', comment: '再评一次' } });
    expect([again.status, again.body.reason]).toEqual([409, 'already_rated']);

    const closed = await t.call('closeProjectTracking', 'POST', `${base}/tracking/closure`, { key: supervisor, body: { reason: '企业申请暂停建设，转入常规监管' } });
    expect([closed.status, closed.body.status]).toEqual([200, 'closed']);
    const late = await t.call('recordMilestone', 'PUT', `${base}/milestones/completion`, { key: agent, body: { plannedDate: addDays(today, 300) } });
    expect([late.status, late.body.reason]).toEqual([409, 'project_closed']);
    const result = await t.sys.env.client.workflow.getHandle(trackingWorkflowId(code)).result();
    expect(result.closure).toMatchObject({ cause: 'supervision' });

    const timeline = await t.call('getProjectTimeline', 'GET', `${base}/timeline`, { key: agent });
    expect(timeline.status).toBe(200);
    const entries: { type: string; summary: string; taskId: string | null; actor: { role: string } | null; clock: Record<string, unknown> | null }[] =
      timeline.body.entries;
    const types = entries.map((e) => e.type);
    expect(types[0]).toBe('project.submitted');
    expect(types.slice(types.indexOf('project.replied'))).toEqual([
      'project.replied',
      'project.tracking_started',
      'milestone.recorded',
      'milestone.recorded',
      'satisfaction.recorded',
      'project.tracking_closed',
    ]);
    const dbEvents = await t.sys.db.event.findMany({ where: { projectId: code }, orderBy: { seq: 'asc' } });
    expect(timeline.body.entries.map((e: { eventId: string }) => e.eventId)).toEqual(dbEvents.map((e) => e.id));

    const summary = (type: string, taskId?: string) => entries.find((e) => e.type === type && (!taskId || e.taskId === taskId))!.summary;
    expect(summary('task.accepted', `${code}.FGW-01`)).toMatch(/^县发改委签收受理“.+”$/);
    expect(summary('task.decided', `${code}.GTJ-01`)).toContain('不予许可');
    expect(summary('milestone.recorded')).toBe(`登记计划开工日期 ${addDays(today, 30)}`);
    expect(entries.filter((e) => e.type === 'milestone.recorded')[1].summary).toBe(`登记实际开工日期 ${today}`);
    expect(summary('satisfaction.recorded')).toBe('申请人满意度评价：满意（代办服务很周到）');
    expect(summary('project.tracking_closed')).toBe('效能办结束跟踪服务：企业申请暂停建设，转入常规监管');
    expect(entries.find((e) => e.type === 'task.accepted')!.actor?.role).toBe('department');

    // Task events carry the clock as it stood; project and tracking events have none.
    const received = entries.find((e) => e.type === 'task.received' && e.taskId === `${code}.FGW-01`)!;
    expect(received.clock).toMatchObject({ state: 'running', promisedDueDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    const decided = entries.find((e) => e.type === 'task.decided' && e.taskId === `${code}.FGW-01`)!;
    expect(decided.clock).toMatchObject({ state: 'stopped', promisedDueDate: received.clock!.promisedDueDate });
    expect(entries.find((e) => e.type === 'project.replied')!.clock).toBeNull();

    expect(timeline.body.milestones).toEqual([expect.objectContaining({ kind: 'construction_start', actualDate: today })]);
    expect(timeline.body.satisfaction).toMatchObject({ rating: 'satisfied' });
    expect((await t.call('getProjectTimeline', 'GET', `${base}/timeline`, { key: window })).status).toBe(200);
  });
});
