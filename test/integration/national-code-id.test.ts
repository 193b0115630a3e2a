/**
 * The 全国投资项目代码 as the API id (issue #12): every project-scoped route and the project filters
 * take the national code as well as the old project id, the intake's Location uses the code, and the
 * public progress lookup accepts it. Object scope is the same for both forms: another service
 * point's or agent's project is a 404 whichever form names it, with the same problem as for an
 * unknown code, quoting only what the caller sent.
 */
import { APPLICANT, PROJECT } from '../support/scenario';
import { eventually } from '../support/eventually';
import { useTestSystem } from '../support/system';

describe('national project code as the project id', () => {
  const t = useTestSystem();

  async function submit(idempotencyKey: string, extra: object = {}) {
    const r = await t.call('submitProject', 'POST', '/api/v1/projects', {
      key: t.sys.key('window', 'XZFW'),
      headers: { 'Idempotency-Key': idempotencyKey },
      body: { applicant: APPLICANT, project: { ...PROJECT, ...extra }, materials: [{ name: '项目申请报告' }], firstInquiryStaff: '李窗口', agentId: 'AG-01' },
    });
    expect(r.status).toBe(201);
    return r;
  }

  test('when a project is addressed by its national code, then every project route answers as for its id, and the intake links to the code', async () => {
    const created = await submit('national-id-0001', { industryCode: '13' });
    const { id, nationalProjectCode: code } = created.body as { id: string; nationalProjectCode: string };
    expect(code).toMatch(/^\d{4}-510921-13-03-\d{6}$/);
    expect(created.headers.get('location')).toBe(`/api/v1/projects/${code}`);
    // A replayed intake links the same way.
    expect((await submit('national-id-0001', { industryCode: '13' })).headers.get('location')).toBe(`/api/v1/projects/${code}`);

    const window = t.sys.key('window', 'XZFW');
    const byCode = await t.call('getProject', 'GET', `/api/v1/projects/${code}`, { key: window });
    const byId = await t.call('getProject', 'GET', `/api/v1/projects/${id}`, { key: window });
    expect([byCode.status, byCode.body.id, byCode.headers.get('etag')]).toEqual([200, id, byId.headers.get('etag')]);

    const supervisor = t.sys.key('supervisor');
    const tasksByCode = await eventually(
      () => t.call('listTasks', 'GET', `/api/v1/tasks?projectId=${code}`, { key: supervisor }),
      (r) => r.body.items.length > 0,
      '按全国投资项目代码筛选任务',
    );
    const tasksById = await t.call('listTasks', 'GET', `/api/v1/tasks?projectId=${id}`, { key: supervisor });
    expect(tasksByCode.body.items.map((x: { id: string }) => x.id)).toEqual(tasksById.body.items.map((x: { id: string }) => x.id));
    const agent = t.sys.key('agent', 'AG-01');
    const eventsByCode = await t.call('listEvents', 'GET', `/api/v1/events?projectId=${code}`, { key: agent });
    expect(eventsByCode.body.events.length).toBeGreaterThan(0);
    expect(eventsByCode.body.events.every((e: { projectId: string }) => e.projectId === id)).toBe(true);

    const timeline = await t.call('getProjectTimeline', 'GET', `/api/v1/projects/${code}/timeline`, { key: window });
    expect([timeline.status, timeline.body.projectId]).toEqual([200, id]);
    const notWaiting = await t.call('submitMaterials', 'POST', `/api/v1/projects/${code}/supplements`, { key: window, body: { materials: [{ name: '补充说明' }] } });
    expect([notWaiting.status, notWaiting.body.reason]).toEqual([409, 'not_waiting_for_materials']);
    expect((await t.call('getConsolidatedReply', 'GET', `/api/v1/projects/${code}/reply`, { key: window })).body.detail).toBe('该项目尚未集中回复');
    expect((await t.call('listCountersigns', 'GET', `/api/v1/projects/${code}/countersigns`, { key: supervisor })).status).toBe(200);
    expect((await t.call('listJointMeetings', 'GET', `/api/v1/projects/${code}/joint-meetings`, { key: supervisor })).status).toBe(200);

    const green = await t.call('grantGreenChannel', 'POST', `/api/v1/projects/${code}/green-channel`, { key: supervisor, body: { reason: '省重点项目' } });
    expect([green.status, green.body.id, green.body.greenChannel]).toEqual([200, id, true]);
    const withdrawn = await t.call('withdrawProject', 'POST', `/api/v1/projects/${code}/withdrawal`, { key: window, body: { reason: '申请人决定暂缓建设' } });
    expect([withdrawn.status, withdrawn.body.id, withdrawn.body.status]).toEqual([200, id, 'withdrawn']);
    expect((await t.call('getProject', 'GET', `/api/v1/projects/${id}`, { key: window })).body.status).toBe('withdrawn');
  });

  test("when another service point or agent names a project by its national code, then it is refused exactly as by its id or as an unknown code", async () => {
    const created = await submit('national-id-0002', { industryCode: '47' });
    const { id, nationalProjectCode: code } = created.body as { id: string; nationalProjectCode: string };
    const unknown = '2026-510921-47-03-999999';
    const shape = (r: { status: number; body: { type: string; title: string; detail: string } }) => [r.status, r.body.type, r.body.title, r.body.detail];

    for (const key of [t.sys.key('window', 'CGZ'), t.sys.key('agent', 'AG-02')]) {
      const get = (ref: string) => t.call('getProject', 'GET', `/api/v1/projects/${ref}`, { key });
      const [viaCode, viaId, viaUnknown] = [await get(code), await get(id), await get(unknown)];
      expect(shape(viaCode)).toEqual([404, viaId.body.type, viaId.body.title, `项目 ${code} 不存在`]);
      expect(shape(viaId)).toEqual([404, viaUnknown.body.type, viaUnknown.body.title, `项目 ${id} 不存在`]);
      expect(shape(viaUnknown)).toEqual([404, viaCode.body.type, viaCode.body.title, `项目 ${unknown} 不存在`]);
      // The foreign project's id never appears in an answer to its code.
      expect(JSON.stringify(viaCode.body)).not.toContain(id);
      expect((await t.call('getProjectTimeline', 'GET', `/api/v1/projects/${code}/timeline`, { key })).status).toBe(404);
      expect((await t.call('listEvents', 'GET', `/api/v1/events?projectId=${code}`, { key })).body.events).toEqual([]);
    }
    const foreignWithdrawal = await t.call('withdrawProject', 'POST', `/api/v1/projects/${code}/withdrawal`, { key: t.sys.key('window', 'CGZ'), body: { reason: '越权撤回' } });
    expect(shape(foreignWithdrawal)).toEqual([404, expect.stringMatching(/not-found$/), expect.any(String), `项目 ${code} 不存在`]);
    expect((await t.call('getProject', 'GET', `/api/v1/projects/${code}`, { key: t.sys.key('window', 'XZFW') })).body.status).toBe('in_review');
    // A department never sees projects; the lead department's countersign route is 404 to others.
    const foreignCountersign = await t.call('startCountersign', 'POST', `/api/v1/projects/${code}/countersigns`, {
      key: t.sys.key('department', 'SWJ'),
      body: { title: '越权会签', draft: '越权', departmentIds: ['GTJ'], workingDays: 3 },
    });
    expect(shape(foreignCountersign)).toEqual([404, expect.stringMatching(/not-found$/), expect.any(String), `项目 ${code} 不存在`]);
  });

  test('when the applicant looks up progress with the national code and the USCC, then it is found; with a wrong USCC it is not', async () => {
    const { nationalProjectCode: code, code: projectCode } = (await submit('national-id-0003')).body as { nationalProjectCode: string; code: string };
    const lookup = (c: string, uscc: string) => t.call('lookupProjectProgress', 'POST', '/api/v1/public/progress-lookups', { body: { code: c, uscc } });
    const found = await lookup(code, APPLICANT.uscc);
    expect([found.status, found.body.code]).toEqual([200, projectCode]);
    const wrong = await lookup(code, '91350100M000100Y5X');
    const missing = await lookup('2026-510921-00-03-999999', APPLICANT.uscc);
    expect([wrong.status, wrong.body.detail]).toEqual([404, missing.body.detail]);
  });
});
