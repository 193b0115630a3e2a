/**
 * Intermediary services (中介服务纳入并联审批延伸管理) over real HTTP, Temporal and a database: the
 * admin keeps the catalogue; the project's agent starts a period on the 环评 task for the applicant
 * (the task clock stops, the intermediary's runs); the department records the result and rates the
 * intermediary; the efficiency office reads the efficiency record as JSON and CSV. Every refusal is
 * checked with the role and object rules: a foreign task looks missing whoever names it.
 */
import { APPLICANT } from '../support/scenario';
import { eventually } from '../support/eventually';
import { useTestSystem } from '../support/system';

const submission = {
  applicant: APPLICANT,
  project: { name: '绿色建材产业园项目', type: 'industrial', location: '城东工业园 11 号地块', investmentWan: 2600 },
  materials: [{ name: '项目申请报告', copies: 1 }],
  firstInquiryStaff: '李窗口',
  agentId: 'AG-01',
};
const FIRM = {
  name: '四川清源环境咨询有限公司',
  uscc: '91510921MA6X8K2Q1N',
  serviceKinds: ['环境影响评价报告书编制', '环境影响评价报告表编制'],
  limitDays: 15,
  contact: { name: '王工', phone: '0825-5551234' },
};

describe('intermediary services (中介服务) over HTTP', () => {
  const t = useTestSystem();
  const key = (role: 'window' | 'department' | 'agent' | 'supervisor' | 'admin', bound?: string) => t.sys.key(role, bound);

  test('when the admin lists an intermediary, then staff see it; others cannot edit it, and a bad USCC is refused', async () => {
    const put = await t.call('putIntermediary', 'PUT', '/api/v1/intermediaries/ZJ-HP-01', { key: key('admin'), body: FIRM });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ id: 'ZJ-HP-01', name: FIRM.name, limitDays: 15, active: true, contact: FIRM.contact });
    // Idempotent: the same request again gives the same entry.
    expect((await t.call('putIntermediary', 'PUT', '/api/v1/intermediaries/ZJ-HP-01', { key: key('admin'), body: FIRM })).body).toMatchObject({ id: 'ZJ-HP-01', limitDays: 15 });

    expect((await t.call('putIntermediary', 'PUT', '/api/v1/intermediaries/ZJ-HP-01', { key: key('department', 'HBJ'), body: FIRM })).status).toBe(403);
    const badUscc = await t.call('putIntermediary', 'PUT', '/api/v1/intermediaries/ZJ-HP-09', { key: key('admin'), body: { ...FIRM, uscc: '91510921MA6X8K2Q1A' } });
    expect([badUscc.status, badUscc.body.errors?.[0]?.pointer]).toEqual([400, '/uscc']);

    await t.call('putIntermediary', 'PUT', '/api/v1/intermediaries/ZJ-OLD-01', { key: key('admin'), body: { ...FIRM, name: '已停用的咨询公司', active: false } });
    for (const k of [key('window'), key('department', 'HBJ'), key('agent', 'AG-01'), key('supervisor')]) {
      const list = await t.call('listIntermediaries', 'GET', '/api/v1/intermediaries', { key: k });
      expect(list.body.items.map((x: { id: string }) => x.id)).toEqual(['ZJ-HP-01']);
    }
    const all = await t.call('listIntermediaries', 'GET', '/api/v1/intermediaries?includeInactive=true', { key: key('admin') });
    expect(all.body.items.map((x: { id: string }) => x.id)).toEqual(['ZJ-HP-01', 'ZJ-OLD-01']);
  });

  test('when the agent starts a period for the applicant and the department records the result, then the task clock stops and resumes and the intermediary gets its efficiency record', async () => {
    await t.call('putIntermediary', 'PUT', '/api/v1/intermediaries/ZJ-HP-01', { key: key('admin'), body: FIRM });
    await t.call('putIntermediary', 'PUT', '/api/v1/intermediaries/ZJ-OLD-01', { key: key('admin'), body: { ...FIRM, name: '已停用的咨询公司', active: false } });
    const submitted = await t.call('submitProject', 'POST', '/api/v1/projects', { key: key('window', 'XZFW'), body: submission, headers: { 'Idempotency-Key': 'intermediary-0001' } });
    expect(submitted.status).toBe(201);
    const code: string = submitted.body.code;
    const hbj = key('department', 'HBJ');
    const queue = await eventually(
      () => t.call('listTasks', 'GET', `/api/v1/tasks?projectId=${code}`, { key: hbj }),
      (r) => r.body.items.some((x: { itemId: string }) => x.itemId === 'HBJ-01'),
      'HBJ-01 推送到部门',
    );
    const taskId: string = queue.body.items.find((x: { itemId: string }) => x.itemId === 'HBJ-01').id;
    const accepted = await t.call('acceptTask', 'POST', `/api/v1/tasks/${taskId}/acceptance`, { key: hbj, body: {}, headers: { 'If-Match': `"${queue.body.items[0].version}"` } });
    expect(accepted.status).toBe(200);
    let etag = accepted.headers.get('etag')!;

    const path = `/api/v1/tasks/${taskId}/intermediary-period`;
    const body = { intermediaryId: 'ZJ-HP-01', serviceKind: '环境影响评价报告书编制', reason: '编制项目环境影响报告书' };
    const start = (k: string, b: object = body, ifMatch = etag) => t.call('startIntermediaryPeriod', 'POST', path, { key: k, body: b, headers: { 'If-Match': ifMatch } });

    // Object scope before anything else: another department, agent or service point sees no task.
    for (const k of [key('department', 'FGW'), key('agent', 'AG-02'), key('window', 'CGZ')]) expect((await start(k)).status).toBe(404);
    expect((await start(key('supervisor'))).status).toBe(403);
    const missing = await start(key('agent', 'AG-01'), { ...body, intermediaryId: 'ZJ-NONE' });
    expect([missing.status, missing.body.type, missing.body.errors?.[0]?.pointer]).toEqual([422, expect.stringMatching(/unknown-reference$/), '/intermediaryId']);
    expect((await start(key('agent', 'AG-01'), { ...body, intermediaryId: 'ZJ-OLD-01' })).body.errors?.[0]?.pointer).toBe('/intermediaryId');
    const kind = await start(key('agent', 'AG-01'), { ...body, serviceKind: '水土保持方案编制' });
    expect([kind.status, kind.body.errors?.[0]?.pointer]).toEqual([422, '/serviceKind']);
    expect((await start(key('agent', 'AG-01'), body, '"999"')).status).toBe(412);

    const started = await start(key('agent', 'AG-01'));
    expect(started.status).toBe(201);
    const period = started.body;
    expect(period).toMatchObject({ taskId, intermediaryId: 'ZJ-HP-01', intermediaryName: FIRM.name, limitDays: 15, status: 'open', light: 'green', rating: null, endedAt: null });
    expect(period.startedBy).toBe('王代办（开发）');

    const task = await t.call('getTask', 'GET', `/api/v1/tasks/${taskId}`, { key: hbj });
    expect(task.body.clock).toMatchObject({ state: 'suspended', promisedDueDate: null });
    expect(started.headers.get('etag')).toBe(task.headers.get('etag'));
    etag = task.headers.get('etag')!;
    const endByHand = await t.call('endExcludedPeriod', 'POST', `/api/v1/tasks/${taskId}/excluded-period/end`, { key: hbj, body: {}, headers: { 'If-Match': etag } });
    expect([endByHand.status, endByHand.body.reason]).toEqual([409, 'intermediary_period_open']);
    const decide = await t.call('decideTask', 'POST', `/api/v1/tasks/${taskId}/decision`, { key: hbj, body: { decision: 'approved', permitNumber: 'HBJ-2026-301' }, headers: { 'If-Match': etag } });
    expect([decide.status, decide.body.reason]).toEqual([409, 'intermediary_period_open']);
    expect((await start(hbj)).body.reason).toBe('excluded_period_open');

    // Only the task's department records the result and rates the intermediary.
    const result = { result: 'delivered', note: '报告书已出具', rating: 4, ratingComment: '按时提交，质量较好' };
    const record = (k: string, b: object = result) =>
      t.call('recordIntermediaryResult', 'POST', `${path}/result`, { key: k, body: b, headers: { 'If-Match': etag } });
    expect((await record(key('agent', 'AG-01'))).status).toBe(403);
    expect((await record(key('window', 'XZFW'))).status).toBe(403);
    expect((await record(key('department', 'FGW'))).status).toBe(404);
    expect((await record(hbj, { ...result, rating: 6 })).status).toBe(400);
    const ended = await record(hbj);
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ id: period.id, status: 'completed', result: 'delivered', rating: 4, onTime: true, daysUsed: 0, light: 'green' });
    expect((await t.call('getTask', 'GET', `/api/v1/tasks/${taskId}`, { key: hbj })).body.clock.state).toBe('running');
    const again = await t.call('recordIntermediaryResult', 'POST', `${path}/result`, { key: hbj, body: result, headers: { 'If-Match': ended.headers.get('etag')! } });
    expect([again.status, again.body.reason]).toEqual([409, 'no_intermediary_period']);

    // The task's periods: its department, the project's agent and window, supervision; nobody else.
    const periods = `/api/v1/tasks/${taskId}/intermediary-periods`;
    for (const k of [hbj, key('agent', 'AG-01'), key('window', 'XZFW'), key('supervisor')]) {
      expect((await t.call('listTaskIntermediaryPeriods', 'GET', periods, { key: k })).body.items.map((p: { id: string }) => p.id)).toEqual([period.id]);
    }
    for (const k of [key('department', 'FGW'), key('agent', 'AG-02'), key('window', 'CGZ')]) {
      expect((await t.call('listTaskIntermediaryPeriods', 'GET', periods, { key: k })).status).toBe(404);
    }
    const events = await t.call('listEvents', 'GET', `/api/v1/events?after=0&limit=200`, { key: key('agent', 'AG-01') });
    expect(events.body.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['intermediary.period_started', 'intermediary.period_ended']));

    // 中介机构效能评价.
    const perf = await t.call('getIntermediaryPerformance', 'GET', '/api/v1/intermediary-performance', { key: key('supervisor') });
    expect(perf.body.items.find((x: { intermediaryId: string }) => x.intermediaryId === 'ZJ-HP-01')).toEqual({
      intermediaryId: 'ZJ-HP-01',
      name: FIRM.name,
      uscc: FIRM.uscc,
      periods: 1,
      open: 0,
      completed: 1,
      cancelled: 0,
      overdue: 0,
      onTime: { numerator: 1, denominator: 1, value: 1 },
      averageDays: 0,
      averageRating: 4,
      ratings: 1,
    });
    const before = await t.call('getIntermediaryPerformance', 'GET', '/api/v1/intermediary-performance?to=2000-01-01', { key: key('supervisor') });
    expect(before.body.items.find((x: { intermediaryId: string }) => x.intermediaryId === 'ZJ-HP-01')).toMatchObject({ periods: 0, onTime: { value: null } });
    expect((await t.call('getIntermediaryPerformance', 'GET', '/api/v1/intermediary-performance?from=2026-12-01&to=2026-11-01', { key: key('supervisor') })).status).toBe(422);
    expect((await t.call('getIntermediaryPerformance', 'GET', '/api/v1/intermediary-performance', { key: hbj })).status).toBe(403);
    const csv = await fetch(`${t.sys.baseUrl}/api/v1/intermediary-performance?format=csv`, { headers: { authorization: `Bearer ${key('admin')}` } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM, so Excel reads UTF-8
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe('中介机构编号,名称,统一社会信用代码,委托次数,进行中,已完成,撤回终止,超时,按时完成,按时完成率,平均用时（工作日）,评价平均分,评价次数');
    expect(lines).toContain(`ZJ-HP-01,${FIRM.name},${FIRM.uscc},1,0,1,0,0,1,100.00%,0,4,1`);
  });
});
