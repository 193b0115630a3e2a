/**
 * Efficiency supervision (效能监察) over real HTTP, a real Temporal dev server and a real database:
 * a complaint from filing to resolution, 督办 on a task, accountability derived from the task
 * workflow's own events, the CSV export for Excel, and the supervision queue.
 */
import { APPLICANT } from '../support/scenario';
import { apiClient } from '../support/http';
import { responseViolations } from '../support/openapi-response';
import { startTestSystem, type TestSystem } from '../support/system';

const submission = {
  applicant: APPLICANT,
  project: { name: '年产 10 万件精密零部件项目', type: 'warehouse', location: '城东工业园 3 号地块', investmentWan: 800 },
  materials: [{ name: '项目申请报告', copies: 1 }],
  firstInquiryStaff: '李窗口',
  agentId: 'AG-01',
};
const missing = [{ material: '用地红线图', reason: '缺少盖章' }];

describe('efficiency supervision over HTTP', () => {
  let sys: TestSystem;
  let call: ReturnType<typeof apiClient>;
  let projectId: string;
  const task = (itemId: string) => `${projectId}.${itemId}`;

  beforeAll(async () => {
    sys = await startTestSystem();
    call = apiClient(sys.baseUrl);
    const submitted = await call('submitProject', 'POST', '/api/v1/projects', {
      key: sys.key('window'),
      body: submission,
      headers: { 'Idempotency-Key': 'supervision-0001' },
    });
    expect(submitted.status).toBe(201);
    projectId = submitted.body.id;
  });
  afterAll(async () => {
    await sys?.stop();
  });

  test('when a complaint is filed, assigned, explained and resolved, then each step is recorded with its working-day schedule and events', async () => {
    const window = sys.key('window');
    const supervisor = sys.key('supervisor');
    const unit = sys.key('department', 'GTJ');
    const filed = await call('fileComplaint', 'POST', '/api/v1/complaints', {
      key: window,
      body: { departmentId: 'GTJ', taskId: task('GTJ-01'), category: 'buck_passing', description: '窗口称材料齐全，部门又要求补充已提交的材料', complainant: { name: '王群众', phone: '13911112222' } },
      headers: { 'Idempotency-Key': 'complaint-0001' },
    });
    expect(filed.status).toBe(201);
    const id: string = filed.body.id;
    expect(id).toMatch(/^TS-\d{4}-\d{6}$/);
    expect(filed.headers.get('location')).toBe(`/api/v1/complaints/${id}`);
    expect(filed.body).toMatchObject({ status: 'filed', departmentId: 'GTJ', projectId, taskId: task('GTJ-01'), categoryLabel: '推诿扯皮', unitId: null, dueDate: null });
    expect(filed.body).not.toHaveProperty('complainant'); // the window filed it, but only supervision sees the contact

    const replay = await call('fileComplaint', 'POST', '/api/v1/complaints', {
      key: window,
      body: { departmentId: 'GTJ', taskId: task('GTJ-01'), category: 'buck_passing', description: '窗口称材料齐全，部门又要求补充已提交的材料', complainant: { name: '王群众', phone: '13911112222' } },
      headers: { 'Idempotency-Key': 'complaint-0001' },
    });
    expect([replay.status, replay.body.id, replay.headers.get('idempotent-replayed')]).toEqual([201, id, 'true']);

    const assigned = await call('assignComplaint', 'POST', `/api/v1/complaints/${id}/assignment`, { key: supervisor, body: { unitId: 'GTJ', workingDays: 5, note: '请核实并答复' } });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ status: 'assigned', unitId: 'GTJ', workingDays: 5, complainant: { name: '王群众', phone: '13911112222' } });
    expect(assigned.body.dueDate > assigned.body.reminderDate).toBe(true);
    expect(assigned.body.escalationDate > assigned.body.explanationDueDate).toBe(true);

    const explained = await call('explainComplaint', 'POST', `/api/v1/complaints/${id}/explanation`, { key: unit, body: { explanation: '经核实，红线图确未盖章，已电话告知申请人' } });
    expect(explained.status).toBe(200);
    expect(explained.body).toMatchObject({ status: 'assigned', explanation: { late: false, explainedBy: expect.any(String) } });
    const twice = await call('explainComplaint', 'POST', `/api/v1/complaints/${id}/explanation`, { key: unit, body: { explanation: '再次说明' } });
    expect([twice.status, twice.body.reason]).toEqual([409, 'already_explained']);

    const resolved = await call('resolveComplaint', 'POST', `/api/v1/complaints/${id}/resolution`, {
      key: unit,
      body: { finding: 'partially_substantiated', detail: '告知方式不当，未一次性说明', action: '对经办人批评教育，完善一次性告知清单' },
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', resolution: { finding: 'partially_substantiated', late: false, workingDaysOver: 0 } });
    const again = await call('resolveComplaint', 'POST', `/api/v1/complaints/${id}/resolution`, { key: supervisor, body: { finding: 'substantiated', detail: '重复', action: '重复' } });
    expect([again.status, again.body.reason]).toEqual([409, 'illegal_transition']);

    const feedback = await call('recordComplaintFeedback', 'PUT', `/api/v1/complaints/${id}/feedback`, { key: window, body: { rating: 'basically_satisfied' } });
    expect(feedback.body.feedback).toMatchObject({ rating: 'basically_satisfied', comment: null });
    const rated = await call('recordComplaintFeedback', 'PUT', `/api/v1/complaints/${id}/feedback`, { key: window, body: { rating: 'satisfied' } });
    expect([rated.status, rated.body.reason]).toEqual([409, 'already_rated']);
    const noticed = await call('markComplaintForNotice', 'POST', `/api/v1/complaints/${id}/notice`, { key: supervisor, body: { reason: '同类问题多次发生' } });
    expect(noticed.body.notice).toMatchObject({ reason: '同类问题多次发生' });
    const noticedTwice = await call('markComplaintForNotice', 'POST', `/api/v1/complaints/${id}/notice`, { key: supervisor, body: { reason: '再次通报' } });
    expect([noticedTwice.status, noticedTwice.body.reason]).toEqual([409, 'already_marked_for_notice']);

    const feed = await call('listEvents', 'GET', '/api/v1/events?type=complaint.filed&type=complaint.assigned&type=complaint.explained&type=complaint.resolved', { key: supervisor });
    const mine = feed.body.events.filter((e: { payload: { complaintId?: string } }) => e.payload.complaintId === id);
    expect(mine.map((e: { type: string }) => e.type)).toEqual(['complaint.filed', 'complaint.assigned', 'complaint.explained', 'complaint.resolved']);
    expect(JSON.stringify(mine)).not.toContain('13911112222'); // the contact never enters the feed
    expect(mine.map((e: { projectId: string | null }) => e.projectId)).toEqual([null, null, null, null]); // off the applicant-facing timeline

    const records = await call('listAccountabilityRecords', 'GET', `/api/v1/accountability-records?kind=complaint_overdue&kind=complaint_escalated`, { key: supervisor });
    expect(records.body.items.filter((r: { complaintId: string }) => r.complaintId === id)).toEqual([]);
  });

  test('when a department serves a second supplement notice, then the projection records a notice violation against it, once', async () => {
    const fgw = sys.key('department', 'FGW');
    const first = await call('getTask', 'GET', `/api/v1/tasks/${task('FGW-01')}`, { key: fgw });
    const noticed = await call('requestSupplement', 'POST', `/api/v1/tasks/${task('FGW-01')}/supplement-notice`, { key: fgw, body: { items: missing }, headers: { 'If-Match': first.headers.get('etag')! } });
    expect(noticed.status).toBe(200);
    await call('submitMaterials', 'POST', `/api/v1/projects/${projectId}/supplements`, { key: sys.key('window'), body: { taskId: task('FGW-01'), materials: [{ name: '盖章的用地红线图' }] } });
    const back = await call('getTask', 'GET', `/api/v1/tasks/${task('FGW-01')}`, { key: fgw });
    const second = await call('requestSupplement', 'POST', `/api/v1/tasks/${task('FGW-01')}/supplement-notice`, { key: fgw, body: { items: missing }, headers: { 'If-Match': back.headers.get('etag')! } });
    expect(second.status).toBe(200);

    const path = '/api/v1/accountability-records?kind=notice_violation';
    const own = await call('listAccountabilityRecords', 'GET', path, { key: fgw });
    expect(own.body.items).toEqual([expect.objectContaining({ departmentId: 'FGW', kind: 'notice_violation', kindLabel: '违反一次性告知', taskId: task('FGW-01'), projectId, daysOver: 0, settled: true })]);
    expect(own.body.items[0].detail).toContain('违反一次性告知规定');
    // Listing again (and as supervision) projects nothing twice.
    const all = await call('listAccountabilityRecords', 'GET', path, { key: sys.key('supervisor') });
    expect(all.body.items.map((r: { id: string }) => r.id)).toEqual([own.body.items[0].id]);
    const other = await call('listAccountabilityRecords', 'GET', `${path}&departmentId=FGW`, { key: sys.key('department', 'GTJ') });
    expect(other.body.items).toEqual([]);
  });

  test('when a statutory breach is in the feed and the task is later decided, then its record is settled with the working days over', async () => {
    // Stand-ins for what the task workflow writes (its clock cannot be made to run late over real time here).
    const breach = { id: 'evt-breach-test', type: 'task.statutory_breached', projectId, taskId: task('GTJ-01'), departmentId: 'GTJ', occurredAt: new Date('2026-10-23T00:00:00+08:00') };
    await sys.db.event.create({ data: { ...breach, payload: { statutoryDueDate: '2026-10-22', workingDaysOver: 0 } } });
    // Fri 10/23 and Mon 10/26 are working days after the due date: decided at 10:00 on 10/26 → 2 days over.
    await sys.db.event.create({ data: { id: 'evt-decided-test', type: 'task.decided', projectId, taskId: task('GTJ-01'), departmentId: 'GTJ', payload: {}, occurredAt: new Date('2026-10-26T10:00:00+08:00') } });
    const r = await call('listAccountabilityRecords', 'GET', '/api/v1/accountability-records?kind=statutory_breach&from=2026-10-23&to=2026-10-23', { key: sys.key('supervisor') });
    expect(r.body.items).toEqual([expect.objectContaining({ id: breach.id, kind: 'statutory_breach', departmentId: 'GTJ', dueDate: '2026-10-22', daysOver: 2, settled: true })]);
  });

  test('when supervision issues a 督办 on a task, then the department sees it on its task, answers once, and other departments cannot see it', async () => {
    const supervisor = sys.key('supervisor');
    const gtj = sys.key('department', 'GTJ');
    const created = await call('createSupervisionOrder', 'POST', `/api/v1/tasks/${task('GTJ-01')}/supervision-orders`, { key: supervisor, body: { directive: '请于3个工作日内办结并书面答复', workingDays: 3 } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.stringMatching(/^DB-\d{4}-\d{6}$/), taskId: task('GTJ-01'), departmentId: 'GTJ', status: 'open', response: null });

    const listed = await call('listSupervisionOrders', 'GET', `/api/v1/tasks/${task('GTJ-01')}/supervision-orders`, { key: gtj });
    expect(listed.body.items.map((o: { id: string }) => o.id)).toEqual([created.body.id]);
    expect((await call('listSupervisionOrders', 'GET', `/api/v1/tasks/${task('GTJ-01')}/supervision-orders`, { key: sys.key('department', 'FGW') })).status).toBe(404);

    const path = `/api/v1/tasks/${task('GTJ-01')}/supervision-orders/${created.body.id}/response`;
    const answered = await call('respondSupervisionOrder', 'POST', path, { key: gtj, body: { response: '已办结，见审批决定' } });
    expect(answered.body).toMatchObject({ status: 'completed', response: { late: false, workingDaysOver: 0 } });
    const twice = await call('respondSupervisionOrder', 'POST', path, { key: gtj, body: { response: '再答复' } });
    expect([twice.status, twice.body.reason]).toEqual([409, 'already_responded']);
    const feed = await call('listEvents', 'GET', `/api/v1/events?projectId=${projectId}&type=supervision_order.issued&type=supervision_order.responded`, { key: gtj });
    expect(feed.body.events.map((e: { type: string }) => e.type)).toEqual(['supervision_order.issued', 'supervision_order.responded']);
  });

  test('when red tasks exist, then the supervision queue lists them oldest first with working days over', async () => {
    // The read model as the task workflow leaves it after red lights on two tasks.
    await sys.db.task.update({ where: { id: task('FGW-01') }, data: { light: 'red', promisedDueDate: '2026-11-02' } });
    await sys.db.task.update({ where: { id: task('GTJ-01') }, data: { light: 'red', promisedDueDate: '2026-10-09' } });
    const q = await call('getSupervisionQueue', 'GET', '/api/v1/supervision/queue?kind=task', { key: sys.key('supervisor') });
    const ours = q.body.items.filter((i: { projectId: string }) => i.projectId === projectId);
    expect(ours.map((i: { id: string }) => i.id)).toEqual([task('GTJ-01'), task('FGW-01')]);
    expect(ours[0]).toMatchObject({ kind: 'task', departmentId: 'GTJ', departmentName: '县国土资源局', projectName: submission.project.name, dueDate: '2026-10-09' });
    expect(ours[0].daysOver).toBeGreaterThan(ours[1].daysOver);
    expect(ours[1].daysOver).toBeGreaterThan(0);
    expect((await call('getSupervisionQueue', 'GET', '/api/v1/supervision/queue', { key: sys.key('department', 'GTJ') })).status).toBe(403);
  });

  test('when supervision exports accountability records, then the CSV opens in Excel: UTF-8 BOM, Chinese headers, one row per record', async () => {
    const res = await fetch(`${sys.baseUrl}/api/v1/accountability-records/export`, { headers: { authorization: `Bearer ${sys.key('supervisor')}` } });
    const bytes = new Uint8Array(await res.arrayBuffer());
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(responseViolations('exportAccountabilityRecords', res.status, res.headers, text)).toEqual([]);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="accountability-records\.csv"; filename\*=UTF-8''/);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('记录编号,部门编号,部门名称,类型,审批任务,项目编号,投诉编号,督办编号,应办结日期,超期工作日,是否已定,发生时间,说明');
    expect(lines).toHaveLength(3); // the notice violation and the statutory breach recorded above
    expect(lines.map((l) => l.split(',')[0])).toContain('evt-breach-test');
    expect(lines.find((l) => l.startsWith('evt-breach-test'))).toContain(',县国土资源局,超过法定时限,');
  });
});
