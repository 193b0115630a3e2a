/**
 * The public portal's operations over HTTP without credentials (demo catalogue, real Temporal and
 * database): the guide, the flow, the forecast, the progress lookup (BOLA: code and USCC both needed,
 * a wrong USCC answers exactly like a missing project), the live forecast on getProject as tasks
 * pause and conclude, and the per-address limits. Every response is checked against the contract,
 * whose Public* schemas refuse any extra property.
 */
import pino from 'pino';
import { addDays, shanghaiDateOf } from '../../domain/clock';
import { eventually } from '../support/eventually';
import { apiClient } from '../support/http';
import { APPLICANT, PROJECT } from '../support/scenario';
import { serveGateway, startTestSystem, type TestSystem } from '../support/system';
import { keepClearOfBeijingMidnight } from '../support/midnight';

interface ForecastItem {
  itemId: string;
  startDate: string | null;
  dueDate: string | null;
  source: string;
  critical: boolean;
}

describe('public portal API', () => {
  let sys: TestSystem;
  let call: ReturnType<typeof apiClient>;
  let today = '';
  keepClearOfBeijingMidnight();
  beforeEach(() => {
    today = shanghaiDateOf(Date.now());
  });

  beforeAll(async () => {
    // The lookup limit is raised here; the limits themselves are tested on a second gateway below.
    sys = await startTestSystem({ PUBLIC_LOOKUP_RATE_LIMIT_PER_MINUTE: '100', PUBLIC_RATE_LIMIT_PER_MINUTE: '200' });
    call = apiClient(sys.baseUrl);
  });
  afterAll(async () => {
    await sys?.stop();
  });

  const submit = async (idempotencyKey: string) => {
    const res = await call('submitProject', 'POST', '/api/v1/projects', {
      key: sys.key('window'),
      headers: { 'Idempotency-Key': idempotencyKey },
      body: { applicant: APPLICANT, project: PROJECT, materials: [{ name: '项目申请报告', copies: 1 }], firstInquiryStaff: '李窗口' },
    });
    expect(res.status).toBe(201);
    return res.body.code as string;
  };
  const act = async (code: string, itemId: string, segment: string, op: 'acceptTask' | 'requestSupplement' | 'decideTask', body: object) => {
    const key = sys.key('department', itemId.slice(0, 3));
    const taskId = `${code}.${itemId}`;
    const current = await call('getTask', 'GET', `/api/v1/tasks/${taskId}`, { key });
    const res = await call(op, 'POST', `/api/v1/tasks/${taskId}/${segment}`, { key, body, headers: { 'If-Match': current.headers.get('etag')! } });
    expect(res.status).toBe(200);
  };
  const lookup = (code: string, uscc: string) => call('lookupProjectProgress', 'POST', '/api/v1/public/progress-lookups', { body: { code, uscc } });
  const forecastOf = async (code: string) => (await call('getProject', 'GET', `/api/v1/projects/${code}`, { key: sys.key('window') })).body.forecast;
  const item = (run: { items: ForecastItem[] }, id: string) => run.items.find((i) => i.itemId === id)!;

  test('when anyone reads the guide without credentials, then every item has its limits, fee, materials and prerequisites, cacheable for 5 minutes', async () => {
    const res = await call('getPublicGuide', 'GET', '/api/v1/public/guide');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.body.projectTypes.map((t: { id: string }) => t.id)).toEqual(['industrial', 'commercial', 'warehouse', 'key_project']);
    expect(res.body.projectTypes[0]).toEqual({ id: 'industrial', name: '一般工业项目', leadDepartmentName: expect.any(String) });
    const gjj = res.body.items.find((i: { id: string }) => i.id === 'GJJ-01');
    expect(gjj).toMatchObject({ statutoryDays: 20, promisedDays: 7, greenChannelDays: 4, limitUnit: 'workingDays', prerequisites: ['GTJ-01'], fee: '不收费' });
    expect(res.body.items.find((i: { id: string }) => i.id === 'SWJ-01').conditions).toEqual(['总投资 1000 万元及以上']);
  });

  test('when the flow of an industrial project is asked for, then it lists the items that apply and what waits on what', async () => {
    const res = await call('getPublicFlow', 'GET', '/api/v1/public/flow?type=industrial&investmentWan=5000');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual(['FGW-01', 'GTJ-01', 'HBJ-01', 'SWJ-01', 'GJJ-01', 'GJJ-02', 'ZJJ-01']);
    expect(res.body.edges).toEqual([
      { from: 'GTJ-01', to: 'GJJ-01' },
      { from: 'GJJ-01', to: 'GJJ-02' },
      { from: 'GJJ-02', to: 'ZJJ-01' },
    ]);
    // Below 1000 万元 the water-and-soil item does not apply.
    const small = await call('getPublicFlow', 'GET', '/api/v1/public/flow?type=industrial&investmentWan=500');
    expect(small.body.items.map((i: { id: string }) => i.id)).not.toContain('SWJ-01');
  });

  test('when the flow names an unknown project type or omits the investment, then a Chinese 422 or 400 points at the field', async () => {
    const unknown = await call('getPublicFlow', 'GET', '/api/v1/public/flow?type=spaceport&investmentWan=5000');
    expect([unknown.status, unknown.body.type]).toEqual([422, 'https://approval.gov.local/problems/unknown-reference']);
    expect(unknown.body.errors[0]).toMatchObject({ in: 'query', pointer: '/type', message: expect.stringContaining('spaceport') });
    const missing = await call('getPublicFlow', 'GET', '/api/v1/public/flow?type=industrial');
    expect(missing.status).toBe(400);
  });

  test('when a forecast is asked for a submission on 2026-09-21, then the chain GTJ-01 → GJJ-01 → GJJ-02 → ZJJ-01 is critical and the reply is due 2026-11-18', async () => {
    const res = await call('forecastProject', 'GET', '/api/v1/public/forecast?type=industrial&investmentWan=5000&submittedOn=2026-09-21');
    expect(res.status).toBe(200);
    // By hand (promised): GTJ-01 10 days → 10/12 (Mid-Autumn and National Day off, Sat 10/10 worked); GJJ-01 7 → 10/21;
    // GJJ-02 10 → 11/4; ZJJ-01 10 → 11/18.
    const promised = res.body.promised;
    expect(promised.replyDueDate).toBe('2026-11-18');
    expect(promised.criticalPath).toEqual(['GTJ-01', 'GJJ-01', 'GJJ-02', 'ZJJ-01']);
    expect(item(promised, 'GJJ-01')).toMatchObject({ startDate: '2026-10-12', dueDate: '2026-10-21', critical: true });
    expect(item(promised, 'HBJ-01')).toMatchObject({ startDate: '2026-09-21', critical: false });
    // The statutory plan is never earlier than the promised one, the green channel never later.
    expect(res.body.statutory.replyDueDate > promised.replyDueDate).toBe(true);
    expect(res.body.greenChannel.replyDueDate < promised.replyDueDate).toBe(true);
  });

  test('when the forecast has no submission date, then it counts from today; a date over a year away is refused in Chinese', async () => {
    const res = await call('forecastProject', 'GET', '/api/v1/public/forecast?type=industrial&investmentWan=5000');
    expect(res.body.submittedOn).toBe(today);
    const far = await call('forecastProject', 'GET', `/api/v1/public/forecast?type=industrial&investmentWan=5000&submittedOn=${addDays(today, 400)}`);
    expect([far.status, far.body.type]).toEqual([422, 'https://approval.gov.local/problems/rule-violated']);
    expect(far.body.errors[0]).toMatchObject({ pointer: '/submittedOn', message: '受理日期超出可推算范围：须在今天前后一年之内' });
  });

  test('when the applicant looks up a project with its code and USCC, then the progress has items, lights and the forecast but nothing personal', async () => {
    const code = await submit('portal-lookup-1');
    const res = await lookup(code, APPLICANT.uscc);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({ code, name: PROJECT.name, applicantName: APPLICANT.name, status: 'in_review', light: 'green', submittedOn: today, reply: null });
    expect(res.body.items.find((i: { itemId: string }) => i.itemId === 'GJJ-01')).toMatchObject({ status: 'waiting', receivedOn: null, departmentName: expect.any(String) });
    expect(res.body.forecast.criticalPath).toEqual(['GTJ-01', 'GJJ-01', 'GJJ-02', 'ZJJ-01']);
    const text = JSON.stringify(res.body);
    for (const secret of [APPLICANT.contact.name, APPLICANT.contact.phone, '李窗口', APPLICANT.uscc]) expect(text).not.toContain(secret);
  });

  test('when the USCC does not match, then the answer is the same 404 as for a project that does not exist', async () => {
    const code = await submit('portal-lookup-2');
    const wrong = await lookup(code, '91350100M000100Y51');
    const missing = await lookup('XM-2099-999999', APPLICANT.uscc);
    expect([wrong.status, missing.status]).toEqual([404, 404]);
    expect(wrong.body.detail).toBe(missing.body.detail);
    expect(wrong.body.detail).toBe('未找到该项目：请核对项目代码与统一社会信用代码');
    const malformed = await lookup('XM-2026-1', 'not-a-uscc');
    expect(malformed.status).toBe(400);
  });

  test('when a task is paused for correction and another concludes, then the project forecast follows both', async () => {
    const code = await submit('portal-forecast-1');
    const initial = await forecastOf(code);
    expect(initial.computedOn).toBe(today);
    expect(item(initial.promised, 'GTJ-01')).toMatchObject({ source: 'current_due', startDate: today });
    expect(item(initial.promised, 'GJJ-01')).toMatchObject({ source: 'limit' });

    await act(code, 'GTJ-01', 'supplement-notice', 'requestSupplement', { items: [{ material: '用地预审申请表', reason: '缺少法定代表人签章' }] });
    const paused = await forecastOf(code);
    expect(item(paused.promised, 'GTJ-01')).toMatchObject({ source: 'paused', dueDate: expect.any(String) });
    // The dependant still starts the day its prerequisite is forecast to conclude.
    expect(item(paused.promised, 'GJJ-01').startDate).toBe(item(paused.promised, 'GTJ-01').dueDate);

    await act(code, 'FGW-01', 'acceptance', 'acceptTask', {});
    await act(code, 'FGW-01', 'decision', 'decideTask', { decision: 'approved', permitNumber: '川投资备〔2026〕1号' });
    const concluded = await forecastOf(code);
    expect(item(concluded.promised, 'FGW-01')).toMatchObject({ source: 'actual', dueDate: today });
    expect(concluded.promised.replyDueDate).toBe(concluded.promised.items.map((i: ForecastItem) => i.dueDate).sort().at(-1));
  });

  /** Solves the server's arithmetic question as a person would. */
  const challenge = async () => {
    const res = await call('createComplaintChallenge', 'POST', '/api/v1/public/complaint-challenges');
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const [, x, op, y] = /^(\d+) (加|减) (\d+) 等于多少？$/.exec(res.body.question)!;
    return { token: res.body.token as string, answer: op === '加' ? Number(x) + Number(y) : Number(x) - Number(y) };
  };
  const complaint = (c: { token: string; answer: number }, more: object = {}) => ({
    departmentId: 'GTJ',
    category: 'overdue',
    description: '用地预审超过承诺时限仍未办结，窗口答复需再等等。',
    contact: { name: '王五', phone: '13900001111' },
    challenge: c,
    ...more,
  });
  const filePublic = (body: object) => call('filePublicComplaint', 'POST', '/api/v1/public/complaints', { body });

  test('when the public files a complaint with the right answer, then it enters the complaint workflow and is found by its tracking number without the contact', async () => {
    const code = await submit('portal-complaint-1');
    const filed = await filePublic(complaint(await challenge(), { projectCode: code }));
    expect(filed.status).toBe(201);
    const trackingNumber: string = filed.body.trackingNumber;
    expect(trackingNumber).toMatch(/^TS-\d{4}-\d{6}-[0-9A-Z]{8}$/);
    expect(filed.body).toMatchObject({ category: 'overdue', status: 'filed', filedOn: today, resolution: null });

    // Supervision sees it in its queue like any other complaint, with the contact and the public as filer.
    const id = trackingNumber.slice(0, 14);
    const staff = await call('getComplaint', 'GET', `/api/v1/complaints/${id}`, { key: sys.key('supervisor') });
    expect(staff.body).toMatchObject({ id, departmentId: 'GTJ', projectId: code, complainant: { name: '王五', phone: '13900001111' } });

    const found = await call('getPublicComplaint', 'GET', `/api/v1/public/complaints/${trackingNumber}`);
    expect(found.status).toBe(200);
    expect(found.body.trackingNumber).toBe(trackingNumber);
    expect(JSON.stringify(found.body)).not.toMatch(/王五|13900001111|承诺时限仍未办结/);
    // The sequential id with another secret part opens nothing.
    const guessed = await call('getPublicComplaint', 'GET', `/api/v1/public/complaints/${id}-AAAAAAAA`);
    expect(guessed.status).toBe(404);
  });

  test('when the answer is wrong, forged or a solved challenge is replayed, then a Chinese 422 refuses it and nothing is filed', async () => {
    const before = await sys.db.complaint.count();
    const c = await challenge();
    const wrong = await filePublic(complaint({ token: c.token, answer: c.answer + 1 }));
    // Schema-valid, so not 400: the answer breaks a rule only the server can check.
    expect(wrong.status).toBe(422);
    expect(wrong.body).toMatchObject({ type: expect.stringContaining('rule-violated') });
    expect(wrong.body.errors[0]).toMatchObject({ pointer: '/challenge/answer', message: '验证题答案不正确' });
    expect((await filePublic(complaint(c))).status).toBe(201);
    const replayed = await filePublic(complaint(c));
    expect(replayed.status).toBe(422);
    expect(replayed.body.errors[0].message).toBe('验证题已使用，请刷新后重新作答');
    const forged = await filePublic(complaint({ token: 'x.9999999999999.forged', answer: 1 }));
    expect(forged.status).toBe(422);
    const nowhere = await filePublic(complaint(await challenge(), { departmentId: 'NOSUCH' }));
    expect(nowhere.status).toBe(422);
    expect(nowhere.body.errors[0]).toMatchObject({ pointer: '/departmentId', message: '部门 NOSUCH 不存在' });
    expect(await sys.db.complaint.count()).toBe(before + 1);
  });

  test('when supervision marks a complaint for public notice, then the 通报 list shows department, category and reason but no complainant', async () => {
    const filed = await filePublic(complaint(await challenge(), { departmentId: 'HBJ', category: 'attitude' }));
    const id = (filed.body.trackingNumber as string).slice(0, 14);
    const marked = await call('markComplaintForNotice', 'POST', `/api/v1/complaints/${id}/notice`, {
      key: sys.key('supervisor'),
      body: { reason: '窗口人员态度生硬，经查属实，予以通报' },
    });
    expect(marked.status).toBe(200);
    const notices = await call('listPublicNotices', 'GET', '/api/v1/public/notices');
    expect(notices.headers.get('cache-control')).toBe('public, max-age=300');
    expect(notices.body.items).toContainEqual(
      expect.objectContaining({ complaintId: id, category: 'attitude', reason: '窗口人员态度生硬，经查属实，予以通报', noticedOn: today }),
    );
    expect(JSON.stringify(notices.body)).not.toMatch(/王五|13900001111/);
  });

  test('when the reply is issued, then it carries a one-time rating link: the applicant rates once, a second rating is refused, and 效能公示 counts it', async () => {
    // 500 万元 leaves SWJ-01 out; rejecting GTJ-01 leaves its chain not started, so two decisions reach the reply.
    const res = await call('submitProject', 'POST', '/api/v1/projects', {
      key: sys.key('window'),
      headers: { 'Idempotency-Key': 'portal-rating-1' },
      body: { applicant: APPLICANT, project: { ...PROJECT, investmentWan: 500 }, materials: [{ name: '项目申请报告', copies: 1 }], firstInquiryStaff: '李窗口' },
    });
    const code: string = res.body.code;
    await act(code, 'GTJ-01', 'acceptance', 'acceptTask', {});
    await act(code, 'GTJ-01', 'decision', 'decideTask', { decision: 'rejected', reasons: ['选址不符合国土空间规划'] });
    for (const itemId of ['FGW-01', 'HBJ-01']) {
      await act(code, itemId, 'acceptance', 'acceptTask', {});
      await act(code, itemId, 'decision', 'decideTask', { decision: 'approved', permitNumber: `${itemId}〔2026〕1号` });
    }
    const reply = (
      await eventually(
        () => call('getConsolidatedReply', 'GET', `/api/v1/projects/${code}/reply`, { key: sys.key('window') }),
        (r) => r.status === 200,
        'the consolidated reply',
      )
    ).body;
    expect(reply.ratingPath).toMatch(new RegExp(`^/rate\\?code=${code}&t=[A-Za-z0-9_-]{32}$`));
    const progress = await lookup(code, APPLICANT.uscc);
    expect(progress.body.reply).toMatchObject({ outcome: 'partially_approved', ratingPath: reply.ratingPath });
    const token = new URLSearchParams(reply.ratingPath.split('?')[1]).get('t')!;

    // Ratings go to the follow-up workflow, which starts just after the reply: the project shows 'tracking' once it runs.
    await eventually(() => call('getProject', 'GET', `/api/v1/projects/${code}`, { key: sys.key('window') }), (r) => r.body.status === 'tracking', 'follow-up tracking');
    const rate = (body: object) => call('submitPublicRating', 'POST', '/api/v1/public/ratings', { body: { code, ...body } });
    const forged = await rate({ token: 'A'.repeat(32), rating: 'satisfied' });
    expect(forged.status).toBe(404);
    const unhappy = await rate({ token, rating: 'dissatisfied' });
    expect(unhappy.status).toBe(422); // 不满意 needs a comment: the tracking workflow's rule
    expect(unhappy.body.type).toBe('https://approval.gov.local/problems/rule-violated');
    const rated = await rate({ token, rating: 'basically_satisfied', comment: '办理较快，窗口指引清楚' });
    expect(rated.status).toBe(201);
    expect(rated.body).toEqual({ code, rating: 'basically_satisfied', recordedOn: today });
    const again = await rate({ token, rating: 'satisfied' });
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain('只能评价一次');

    // The source is recorded, and the link is gone from the reply.
    const stored = await sys.db.satisfaction.findUniqueOrThrow({ where: { projectId: code } });
    expect(stored.recordedBy).toMatchObject({ role: 'public', name: '申请人（网上评价）' });
    const after = await call('getConsolidatedReply', 'GET', `/api/v1/projects/${code}/reply`, { key: sys.key('window') });
    expect(after.body.ratingPath).toBeNull();

    const performance = await call('getPublicPerformance', 'GET', `/api/v1/public/performance?month=${today.slice(0, 7)}`);
    expect(performance.status).toBe(200);
    expect(performance.headers.get('cache-control')).toBe('public, max-age=300');
    const hbj = performance.body.departments.find((d: { departmentName: string }) => d.departmentName === '县生态环境局');
    expect(hbj.tasksConcluded).toBeGreaterThanOrEqual(1);
    expect(hbj.satisfaction.numerator).toBeGreaterThanOrEqual(1);
  });

  test('when one address exceeds the public limits, then it gets a Chinese 429 with Retry-After, and lookups have the stricter limit', async () => {
    const strict = { ...sys.config, PUBLIC_RATE_LIMIT_PER_MINUTE: 5, PUBLIC_LOOKUP_RATE_LIMIT_PER_MINUTE: 2 };
    const gw = await serveGateway({ db: sys.db, temporal: sys.env.client, config: strict, logger: pino({ level: 'silent' }) });
    try {
      const strictCall = apiClient(gw.baseUrl);
      const lookups = [];
      for (let i = 0; i < 3; i++) {
        lookups.push((await strictCall('lookupProjectProgress', 'POST', '/api/v1/public/progress-lookups', { body: { code: 'XM-2099-999999', uscc: APPLICANT.uscc } })).status);
      }
      expect(lookups).toEqual([404, 404, 429]);
      const guides = [];
      for (let i = 0; i < 3; i++) guides.push(await strictCall('getPublicGuide', 'GET', '/api/v1/public/guide'));
      // Five public requests in the minute: the three lookups and two guides; the sixth is refused.
      expect(guides.map((g) => g.status)).toEqual([200, 200, 429]);
      expect(guides[2].headers.get('retry-after')).toMatch(/^\d+$/);
      expect(guides[2].body.title).toMatch(/[\u4e00-\u9fa5]/);
    } finally {
      await gw.close();
    }
  });
});
