/**
 * 延期办结 (行政许可法 Art. 42) and excluded time (Art. 45) over HTTP on the dev server: the department asks, its head (a
 * console session) or the efficiency office decides; department clerks, department system keys and
 * other departments may not. Approved, the due dates move, the window sees it on the timeline, the
 * agent in its feed, and statistics count it (延期率). Every response is checked against the contract.
 */
import { eventually } from '../support/eventually';
import { login, sessionHeaders } from '../support/session';
import { useTestSystem } from '../support/system';
import { APPLICANT, PROJECT } from '../support/scenario';
import { shanghaiDateOf } from '../../domain/clock';

describe('deadline extension and excluded time over HTTP', () => {
  const t = useTestSystem();
  let code: string;

  beforeAll(async () => {
    const submitted = await t.call('submitProject', 'POST', '/api/v1/projects', {
      key: t.sys.key('window'),
      headers: { 'Idempotency-Key': 'extension-1' },
      body: { applicant: APPLICANT, project: PROJECT, materials: [{ name: '项目申请报告' }], firstInquiryStaff: '李窗口', agentId: 'AG-01' },
    });
    expect(submitted.status).toBe(201);
    code = submitted.body.code;
    for (const dept of ['GTJ', 'SWJ', 'HBJ']) {
      await eventually(
        () => t.call('getTask', 'GET', `/api/v1/tasks/${code}.${dept}-01`, { key: t.sys.key('department', dept) }).then((r) => r.body),
        (b) => b.clock?.state === 'running',
        `${dept}-01 开始计时`,
      );
    }
  });

  /** A task write with If-Match from a fresh read; `as` is a key or the headers of a session. */
  type Op = 'requestDeadlineExtension' | 'decideDeadlineExtension' | 'acceptTask' | 'decideTask' | 'startExcludedPeriod' | 'endExcludedPeriod';
  async function write(op: Op, taskId: string, as: string | Record<string, string>, body: object) {
    const reader = typeof as === 'string' ? { key: as } : { key: t.sys.key('supervisor') };
    const current = await t.call('getTask', 'GET', `/api/v1/tasks/${taskId}`, reader);
    const segment = { requestDeadlineExtension: 'deadline-extension', decideDeadlineExtension: 'deadline-extension/decision', acceptTask: 'acceptance', decideTask: 'decision', startExcludedPeriod: 'excluded-period', endExcludedPeriod: 'excluded-period/end' }[op];
    const auth = typeof as === 'string' ? { key: as, headers: {} } : { headers: as };
    return t.call(op, 'POST', `/api/v1/tasks/${taskId}/${segment}`, { key: auth.key, body, headers: { ...auth.headers, 'If-Match': current.headers.get('etag')! } });
  }
  const session = async (role: 'department' | 'department_head', dept: string) => {
    const o = t.sys.officer(role, dept);
    return sessionHeaders(await login(t.sys.baseUrl, o.username, o.password));
  };

  test('when the department asks and its head approves, then both due dates move, the applicant side is told and 延期率 counts it', async () => {
    const taskId = `${code}.GTJ-01`;
    const gtj = t.sys.key('department', 'GTJ');
    const before = (await t.call('getTask', 'GET', `/api/v1/tasks/${taskId}`, { key: gtj })).body;
    expect(before.deadlineExtension).toBeNull();

    const tooMany = await write('requestDeadlineExtension', taskId, gtj, { days: 11, reason: '需组织听证' });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.type).toBe('https://approval.gov.local/problems/rule-violated');
    expect(tooMany.body.detail).toBe('延期天数应为 1 至 10个工作日（《中华人民共和国行政许可法》第四十二条）');

    const asked = await write('requestDeadlineExtension', taskId, gtj, { days: 10, reason: '需组织听证' });
    expect(asked.status).toBe(200);
    expect(asked.body.deadlineExtension).toMatchObject({ status: 'requested', days: 10, maxDays: 10, reason: '需组织听证', decidedAt: null });
    expect(asked.body.clock.statutoryDueDate).toBe(before.clock.statutoryDueDate);
    const again = await write('requestDeadlineExtension', taskId, gtj, { days: 3, reason: '再次申请' });
    expect([again.status, again.body.reason]).toEqual([409, 'extension_already_requested']);

    // Who may decide: not the department's own system key or clerk, not another department's head.
    for (const as of [gtj, await session('department', 'GTJ')]) {
      const r = await write('decideDeadlineExtension', taskId, as, { approve: true });
      expect([r.status, r.body.detail]).toEqual([403, '延期办结须经本部门负责人或效能办批准，部门经办人员与部门系统密钥不能审批']);
    }
    const foreignHead = await session('department_head', 'SWJ');
    const foreign = await write('decideDeadlineExtension', taskId, foreignHead, { approve: true });
    expect(foreign.status).toBe(404);
    for (const role of ['window', 'agent', 'admin'] as const) {
      const r = await write('decideDeadlineExtension', taskId, t.sys.key(role), { approve: true });
      expect(r.status).toBe(403);
    }

    const approved = await write('decideDeadlineExtension', taskId, await session('department_head', 'GTJ'), { approve: true, note: '同意' });
    expect(approved.status).toBe(200);
    const x = approved.body.deadlineExtension;
    expect(x).toMatchObject({ status: 'approved', decisionNote: '同意', statutoryDueDateBefore: before.clock.statutoryDueDate, promisedDueDateBefore: before.clock.promisedDueDate });
    expect(x.decidedBy).toContain('经办人');
    expect(approved.body.clock).toMatchObject({ statutoryDueDate: x.statutoryDueDate, promisedDueDate: x.promisedDueDate });
    expect(x.statutoryDueDate > before.clock.statutoryDueDate && x.promisedDueDate > before.clock.promisedDueDate).toBe(true);
    expect(approved.body.clock.explanation.join('\n')).toContain('已批准延期办结10个工作日（《中华人民共和国行政许可法》第四十二条；理由：需组织听证）');

    // The project's forecast (预计办结日期, issue #14) moves with the extension: the item now counts at its new due dates.
    const forecastItem = async (basis: 'promised' | 'statutory') =>
      ((await t.call('getProject', 'GET', `/api/v1/projects/${code}`, { key: t.sys.key('window') })).body.forecast[basis].items as { itemId: string }[]).find((i) => i.itemId === 'GTJ-01');
    expect(await forecastItem('promised')).toMatchObject({ source: 'current_due', dueDate: x.promisedDueDate });
    expect(await forecastItem('statutory')).toMatchObject({ source: 'current_due', dueDate: x.statutoryDueDate });

    // The window reads it on the project timeline, the agent in its own feed.
    const timeline = await t.call('getProjectTimeline', 'GET', `/api/v1/projects/${code}/timeline`, { key: t.sys.key('window') });
    expect(timeline.status).toBe(200);
    expect(timeline.body.entries.map((e: { summary: string }) => e.summary)).toContain(
      `“${before.itemName}”经批准延期办结，法定办结期限延至 ${x.statutoryDueDate}（已告知申请人）（经办人：${t.sys.officer('department_head', 'GTJ').name}）`,
    );
    const feed = await t.call('listEvents', 'GET', '/api/v1/events?limit=200', { key: t.sys.key('agent', 'AG-01') });
    const notice = feed.body.events.find((e: { type: string }) => e.type === 'task.deadline_extended');
    expect(notice?.payload.message).toContain('【延期办结告知】');
    const otherAgent = await t.call('listEvents', 'GET', '/api/v1/events?limit=200', { key: t.sys.key('agent', 'AG-02') });
    expect(otherAgent.body.events.some((e: { type: string }) => e.type === 'task.deadline_extended')).toBe(false);

    expect((await write('acceptTask', taskId, gtj, {})).status).toBe(200);
    expect((await write('decideTask', taskId, gtj, { decision: 'approved', permitNumber: 'GTJ-2026-001' })).status).toBe(200);
    const today = shanghaiDateOf(Date.now());
    const stats = await t.call('getStatistics', 'GET', `/api/v1/statistics?from=${today}&to=${today}`, { key: t.sys.key('supervisor') });
    expect(stats.body.departments.GTJ.extended).toEqual({ numerator: 1, denominator: 1, value: 1 });
    expect(stats.body.departments.GTJ.onTimeStatutory).toMatchObject({ numerator: 1, denominator: 1 });
  });

  test('when the efficiency office refuses, then nothing moves and a second decision finds nothing pending', async () => {
    const taskId = `${code}.SWJ-01`;
    const swj = t.sys.key('department', 'SWJ');
    const before = (await t.call('getTask', 'GET', `/api/v1/tasks/${taskId}`, { key: swj })).body;
    expect((await write('requestDeadlineExtension', taskId, await session('department', 'SWJ'), { days: 5, reason: '需专家评审' })).status).toBe(200);
    const refused = await write('decideDeadlineExtension', taskId, t.sys.key('supervisor'), { approve: false, note: '理由不充分' });
    expect(refused.status).toBe(200);
    expect(refused.body.deadlineExtension).toMatchObject({ status: 'refused', decisionNote: '理由不充分', decidedBy: expect.any(String) });
    expect(refused.body.clock).toMatchObject({ statutoryDueDate: before.clock.statutoryDueDate, promisedDueDate: before.clock.promisedDueDate });
    const again = await write('decideDeadlineExtension', taskId, t.sys.key('supervisor'), { approve: true });
    expect([again.status, again.body.reason]).toEqual([409, 'extension_not_pending']);
  });

  test('when the department starts and ends an expert review, then the clock stops and resumes, the agent is told and statistics count it by kind', async () => {
    const taskId = `${code}.HBJ-01`;
    const hbj = t.sys.key('department', 'HBJ');
    const early = await write('startExcludedPeriod', taskId, hbj, { kind: 'expert_review', reason: '环评报告技术评估', plannedDays: 10 });
    expect([early.status, early.body.reason]).toEqual([409, 'illegal_transition']);
    expect((await write('acceptTask', taskId, hbj, {})).status).toBe(200);
    const noneOpen = await write('endExcludedPeriod', taskId, hbj, {});
    expect([noneOpen.status, noneOpen.body.reason]).toEqual([409, 'no_excluded_period']);
    const badKind = await write('startExcludedPeriod', taskId, hbj, { kind: 'lunch_break', reason: '午休', plannedDays: 1 });
    expect(badKind.status).toBe(400);
    // Another department cannot touch it: a foreign task is missing.
    expect((await write('startExcludedPeriod', taskId, t.sys.key('department', 'GTJ'), { kind: 'hearing', reason: '越权', plannedDays: 1 })).status).toBe(404);

    const started = await write('startExcludedPeriod', taskId, hbj, { kind: 'expert_review', reason: '环评报告技术评估', plannedDays: 10 });
    expect(started.status).toBe(200);
    const today = shanghaiDateOf(Date.now());
    expect(started.body.clock).toMatchObject({ state: 'suspended', statutoryDueDate: null, promisedDueDate: null });
    expect(started.body.clock.suspensions).toEqual([{ from: today, to: null, reason: '专家评审', kind: 'expert_review' }]);
    // While it runs the forecast holds the item as paused (resuming tomorrow at the earliest), not at a stale date.
    const paused = (await t.call('getProject', 'GET', `/api/v1/projects/${code}`, { key: t.sys.key('window') })).body.forecast.promised.items.find((i: { itemId: string }) => i.itemId === 'HBJ-01');
    expect(paused).toMatchObject({ source: 'paused', dueDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(paused.dueDate > today).toBe(true);
    const twice = await write('startExcludedPeriod', taskId, hbj, { kind: 'hearing', reason: '听证', plannedDays: 5 });
    expect([twice.status, twice.body.reason]).toEqual([409, 'excluded_period_open']);

    const ended = await write('endExcludedPeriod', taskId, hbj, { note: '评估意见已出具' });
    expect(ended.status).toBe(200);
    expect(ended.body.clock).toMatchObject({ state: 'running', suspensions: [{ from: today, to: today, reason: '专家评审', kind: 'expert_review' }] });
    expect(ended.body.clock.statutoryDueDate).not.toBeNull();

    const feed = await t.call('listEvents', 'GET', '/api/v1/events?limit=200', { key: t.sys.key('agent', 'AG-01') });
    const notice = feed.body.events.find((e: { type: string }) => e.type === 'task.excluded_period_started');
    expect(notice?.payload.message).toContain('【不计算期间告知】');
    const stats = await t.call('getStatistics', 'GET', `/api/v1/statistics?from=${today}&to=${today}`, { key: t.sys.key('supervisor') });
    expect(stats.body.county.excludedPeriods).toEqual({ hearing: 0, tendering_auction: 0, testing_inspection_quarantine: 0, expert_review: 1, intermediary_service: 0 });
    const own = await t.call('getStatistics', 'GET', `/api/v1/statistics?from=${today}&to=${today}`, { key: hbj });
    expect(own.body.departments.HBJ.excludedPeriods.expert_review).toBe(1);
  });

  test('when the efficiency office grants the green channel, then the project jumps the department queue and its running tasks get the green limit', async () => {
    const later = await t.call('submitProject', 'POST', '/api/v1/projects', {
      key: t.sys.key('window'),
      headers: { 'Idempotency-Key': 'green-channel-1' },
      body: { applicant: APPLICANT, project: { ...PROJECT, name: '后受理的项目' }, materials: [{ name: '项目申请报告' }], firstInquiryStaff: '李窗口' },
    });
    expect(later.status).toBe(201);
    const greenCode: string = later.body.code;
    const swj = t.sys.key('department', 'SWJ');
    const taskOf = () => t.call('getTask', 'GET', `/api/v1/tasks/${greenCode}.SWJ-01`, { key: swj }).then((r) => r.body);
    const before = await eventually(taskOf, (b) => b.clock?.state === 'running', 'SWJ-01 开始计时');
    const queue = async () =>
      (await t.call('listTasks', 'GET', '/api/v1/tasks?status=received&status=accepted', { key: swj })).body.items.map((i: { projectId: string }) => i.projectId);
    expect((await queue()).indexOf(greenCode)).toBeGreaterThan(0);

    const grant = (key: string, reason = '省重点项目') => t.call('grantGreenChannel', 'POST', `/api/v1/projects/${greenCode}/green-channel`, { key, body: { reason } });
    for (const role of ['window', 'department', 'agent', 'admin'] as const) expect((await grant(t.sys.key(role))).status).toBe(403);
    const granted = await grant(t.sys.key('supervisor'));
    expect(granted.status).toBe(200);
    expect(granted.body.greenChannel).toBe(true);
    expect((await grant(t.sys.key('supervisor'), '再次')).body.reason).toBe('already_granted');

    // Green first in the department's queue; SWJ-01's promise becomes its green limit (6 of 10 working days).
    expect((await queue())[0]).toBe(greenCode);
    const after = await eventually(taskOf, (b) => b.greenChannel === true && b.clock.promisedDueDate !== before.clock.promisedDueDate, 'SWJ-01 转入绿色通道');
    expect(after.clock.promisedDueDate < before.clock.promisedDueDate).toBe(true);
    expect(after.clock.statutoryDueDate).toBe(before.clock.statutoryDueDate);
    expect(after.clock.explanation[1]).toMatch(/^承诺时限（绿色通道）：自\d{4}-\d{2}-\d{2}收件次日起算6个工作日/);
    const timeline = await t.call('getProjectTimeline', 'GET', `/api/v1/projects/${greenCode}/timeline`, { key: t.sys.key('supervisor') });
    expect(timeline.body.entries.map((e: { summary: string }) => e.summary)).toContain('县效能办批准项目走绿色通道：省重点项目');
  });

  test('when the project type is not in the catalogue, then intake is refused (不予受理) with the reason, and the key stays free', async () => {
    const submission = { applicant: APPLICANT, project: { ...PROJECT, type: 'mining' }, materials: [{ name: '项目申请报告' }], firstInquiryStaff: '李窗口' };
    const refused = await t.call('submitProject', 'POST', '/api/v1/projects', { key: t.sys.key('window'), headers: { 'Idempotency-Key': 'not-accepted-1' }, body: submission });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ type: 'https://approval.gov.local/problems/not-accepted', title: '不予受理' });
    expect(refused.body.detail).toBe(
      '项目类型“mining”不在本县投资项目审批事项目录中（目录所列项目类型：一般工业项目、商业服务业项目、仓储物流项目、县重点招商引资项目），本中心无权受理，' +
        '依《中华人民共和国行政许可法》第三十二条第一款第（二）项不予受理；请向有关行政机关申请',
    );
    expect(refused.body.errors).toEqual([expect.objectContaining({ pointer: '/project/type' })]);
    const accepted = await t.call('submitProject', 'POST', '/api/v1/projects', {
      key: t.sys.key('window'),
      headers: { 'Idempotency-Key': 'not-accepted-1' },
      body: { ...submission, project: PROJECT },
    });
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({ type: 'industrial', leadDepartmentId: 'FGW', leadDepartmentName: '县发展和改革局' });
  });

  test('when the applicant brings a national project code, then it is checked, kept and readable; otherwise one is generated from the county, industry and regime', async () => {
    const submit = (key: string, project: object) =>
      t.call('submitProject', 'POST', '/api/v1/projects', {
        key: t.sys.key('window'),
        headers: { 'Idempotency-Key': key },
        body: { applicant: APPLICANT, project: { ...PROJECT, ...project }, materials: [{ name: '项目申请报告' }], firstInquiryStaff: '李窗口' },
      });
    const bad = await submit('national-code-bad', { nationalProjectCode: '2026-990921-44-09-000001' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      expect.objectContaining({
        pointer: '/project/nationalProjectCode',
        message: '行政区划代码 990921 不是有效的省级行政区划开头（11–82）；项目类型代码 09 无效，应为 01（审批）、02（核准）或 03（备案）',
      }),
    ]);

    const issued = await submit('national-code-issued', { nationalProjectCode: '2025-510921-44-02-018001', investmentRegime: 'approval' });
    expect(issued.status).toBe(201);
    expect(issued.body.nationalProjectCode).toBe('2025-510921-44-02-018001');
    const byNational = await t.call('getProject', 'GET', '/api/v1/projects/2025-510921-44-02-018001', { key: t.sys.key('window') });
    expect([byNational.status, byNational.body.id]).toEqual([200, issued.body.id]);
    const search = await t.call('listProjects', 'GET', '/api/v1/projects?q=510921-44-02-018001', { key: t.sys.key('window') });
    expect(search.body.items.map((p: { id: string }) => p.id)).toEqual([issued.body.id]);
    // The same code for another project is refused, and that request leaves no key behind.
    const taken = await submit('national-code-taken', { name: '另一个项目', nationalProjectCode: '2025-510921-44-02-018001' });
    expect([taken.status, taken.body.reason]).toEqual([409, 'already_exists']);
    expect((await submit('national-code-taken', { name: '另一个项目', industryCode: '47' })).status).toBe(201);

    const generated = await submit('national-code-generated', { industryCode: '13' });
    const [, year, serial] = /^XM-(\d{4})-(\d{6})$/.exec(generated.body.id)!;
    expect(generated.body.nationalProjectCode).toBe(`${year}-510921-13-03-${serial}`);
    // Old ids stay readable.
    expect((await t.call('getProject', 'GET', `/api/v1/projects/${generated.body.id}`, { key: t.sys.key('window') })).body.nationalProjectCode).toBe(generated.body.nationalProjectCode);
  });
});
