/**
 * What the list and export endpoints return, not only who may call them: the project list
 * (order, filters, paging, agent scoping), the API key list (no secrets, revoked keys only on
 * request) and the quarterly statistics export (CSV and JSON) for a quarter whose event log is
 * laid down here, with every figure counted by hand.
 */
import { eventRow, type EventInput } from '../../activities/events';
import type { EventType } from '../../domain/vocabulary';
import { APPLICANT } from '../support/scenario';
import { useTestSystem } from '../support/system';

interface Summary {
  id: string;
  code: string;
  name: string;
  agentId: string | null;
  status: string;
  submittedAt: string;
  taskCounts: { total: number; concluded: number; red: number };
}

describe('list and export content', () => {
  const t = useTestSystem();

  describe('listProjects', () => {
    const submitted: { id: string; name: string; agentId: string | null; tasks: number }[] = [];
    const list = async (query: string, key = t.sys.key('supervisor')) => {
      const res = await t.call<{ items: Summary[]; nextCursor: string | null }>('listProjects', 'GET', `/api/v1/projects${query}`, { key });
      expect(res.status).toBe(200);
      return res.body;
    };
    const ids = (items: Summary[]) => items.map((p) => p.id);

    beforeAll(async () => {
      for (const [i, agentId] of [['1', 'AG-01'], ['2', null], ['3', null]] as const) {
        const name = `列表测试项目${i}`;
        const res = await t.call('submitProject', 'POST', '/api/v1/projects', {
          key: t.sys.key('window'),
          body: {
            applicant: APPLICANT,
            project: { name, type: 'industrial', location: `城东工业园 ${i} 号地块`, investmentWan: 1000 },
            materials: [{ name: '项目申请报告', copies: 1 }],
            firstInquiryStaff: '李窗口',
            ...(agentId ? { agentId } : {}),
          },
          headers: { 'Idempotency-Key': `listings-project-${i}` },
        });
        expect(res.status).toBe(201);
        submitted.push({ id: res.body.id, name, agentId, tasks: res.body.tasks.length });
      }
      const withdrawn = await t.call('withdrawProject', 'POST', `/api/v1/projects/${submitted[1].id}/withdrawal`, {
        key: t.sys.key('window'),
        body: { reason: '申请人调整建设方案' },
      });
      expect([withdrawn.status, withdrawn.body.status]).toEqual([200, 'withdrawn']);
    });

    test('when listed, then the newest project comes first with its applicant, agent, status and task counts', async () => {
      const [p1, p2, p3] = submitted;
      const { items, nextCursor } = await list('');
      expect(ids(items)).toEqual([p3.id, p2.id, p1.id]);
      expect(nextCursor).toBeNull();
      const open = { type: 'industrial', applicantName: APPLICANT.name, greenChannel: false, light: 'green', repliedAt: null };
      expect(items[0]).toMatchObject({ ...open, code: p3.id, name: p3.name, agentId: null, status: 'in_review', taskCounts: { total: p3.tasks, concluded: 0, red: 0 } });
      expect(items[2]).toMatchObject({ ...open, code: p1.id, name: p1.name, agentId: 'AG-01', status: 'in_review', taskCounts: { total: p1.tasks, concluded: 0, red: 0 } });
      // Withdrawal cancels every task, waiting ones too: all of them count as concluded.
      expect(items[1]).toMatchObject({ name: p2.name, status: 'withdrawn', taskCounts: { total: p2.tasks, concluded: p2.tasks, red: 0 } });
      expect(p1.tasks).toBeGreaterThan(0);
      expect(Date.parse(items[0].submittedAt)).toBeGreaterThanOrEqual(Date.parse(items[1].submittedAt));
    });

    test('when paged two at a time, then the pages follow each other without gaps or repeats', async () => {
      const first = await list('?limit=2');
      expect(ids(first.items)).toEqual([submitted[2].id, submitted[1].id]);
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = await list(`?limit=2&cursor=${first.nextCursor}`);
      expect(ids(second.items)).toEqual([submitted[0].id]);
      expect(second.nextCursor).toBeNull();
    });

    test('when filtered by status or agent, then only matching projects are listed, and an agent only ever sees its own', async () => {
      const [p1, p2, p3] = submitted;
      expect(ids((await list('?status=withdrawn')).items)).toEqual([p2.id]);
      expect(ids((await list('?status=in_review')).items)).toEqual([p3.id, p1.id]);
      expect(ids((await list('?status=in_review&status=withdrawn')).items)).toEqual([p3.id, p2.id, p1.id]);
      expect(ids((await list('?status=replied')).items)).toEqual([]);
      expect(ids((await list('?agentId=AG-01')).items)).toEqual([p1.id]);
      expect(ids((await list('?agentId=AG-02')).items)).toEqual([]);
      expect(ids((await list('', t.sys.key('agent', 'AG-01'))).items)).toEqual([p1.id]);
      expect(ids((await list('?agentId=AG-01', t.sys.key('agent', 'AG-02'))).items)).toEqual([]);
    });
  });

  describe('listApiKeys', () => {
    interface KeyView {
      id: string;
      prefix: string;
      role: string;
      label: string;
      revokedAt: string | null;
    }
    const keys = async (query = '') => {
      const res = await t.call<{ items: KeyView[] }>('listApiKeys', 'GET', `/api/v1/api-keys${query}`, { key: t.sys.key('admin') });
      expect(res.status).toBe(200);
      return res;
    };

    test('when keys are listed, then each shows its prefix, role and label but never a secret, and a revoked key only with includeRevoked', async () => {
      const created = await t.call('createApiKey', 'POST', '/api/v1/api-keys', { key: t.sys.key('admin'), body: { role: 'supervisor', label: '效能办（列表测试）' } });
      expect(created.status).toBe(201);
      const secret: string = created.body.key;
      const { apiKey } = created.body;
      // Keys read pa_<prefix>_<secret>: the list may show the prefix, never what follows it.
      const shape = /^pa_([^_]+)_(.+)$/;
      expect(secret.match(shape)?.[1]).toBe(apiKey.prefix);

      const listed = await keys();
      expect(listed.body.items.find((k) => k.id === apiKey.id)).toEqual(apiKey);
      expect(listed.body.items.find((k) => k.id === apiKey.id)).toMatchObject({ role: 'supervisor', label: '效能办（列表测试）', revokedAt: null });
      // Every dev credential is listed, by prefix only.
      for (const c of t.sys.credentials) expect(listed.body.items.some((k) => c.apiKey.match(shape)?.[1] === k.prefix && k.role === c.role)).toBe(true);
      const text = JSON.stringify(listed.body);
      for (const s of [secret, ...t.sys.credentials.map((c) => c.apiKey)]) expect(text).not.toContain(s.match(shape)![2]);

      const revoked = await fetch(`${t.sys.baseUrl}/api/v1/api-keys/${apiKey.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${t.sys.key('admin')}` } });
      expect(revoked.status).toBe(204);
      expect((await keys()).body.items.map((k) => k.id)).not.toContain(apiKey.id);
      expect((await keys('?includeRevoked=false')).body.items.map((k) => k.id)).not.toContain(apiKey.id);
      const all = (await keys('?includeRevoked=true')).body.items;
      const gone = all.find((k) => k.id === apiKey.id)!;
      expect(gone).toMatchObject({ prefix: apiKey.prefix, label: '效能办（列表测试）', revokedAt: expect.any(String) });
      expect(Math.abs(Date.parse(gone.revokedAt!) - Date.now())).toBeLessThan(60_000);
      expect(all.filter((k) => k.revokedAt === null).map((k) => k.id)).toEqual((await keys()).body.items.map((k) => k.id));
      expect(JSON.stringify(all)).not.toContain(secret.match(shape)![2]);
    });
  });

  describe('exportStatistics', () => {
    /*
     * Q3 2026 (07-01 Wed … 09-30 Wed) has no public holiday before 中秋 (09-25), and every task
     * below lives in July–August, so working days are weekdays. Receipt day not counted.
     *   A FGW P1  recv Wed 07-01, decided Wed 07-08: 07-02, 07-03, 07-06, 07-07, 07-08 = 5 ≤ promised 5
     *   B FGW P2  recv Mon 07-06, decided Mon 07-13: 07-07 … 07-10, 07-13 = 5 > promised 3 (overdue)
     *   C GTJ P1  recv and decided Tue 07-14: 0, same day
     *   E GTJ P2  recv Fri 06-26 (Q2), notice Thu 07-02, materials Mon 07-06 (07-02 … 07-06 excluded),
     *             decided Fri 07-10: 06-29, 06-30, 07-01, 07-07, 07-08, 07-09, 07-10 = 7 ≤ 10
     *   F GTJ P3  recv Mon 08-03, one-notice violation 08-05, yellow 08-07, red and deemed 08-11; open
     *   G FGW P4  recv Wed 09-30, decided 10-08 (Q4): received in Q3, not concluded
     *   H FGW P5  recv 10-09: outside
     * Complaints: GTJ filed 08-20, resolved late 08-25; FGW filed 08-21, resolved on time 08-24.
     * Ratings: P1 satisfied, P2 basically satisfied, P3 dissatisfied (P4, P5 none).
     * County: received A B C F G = 5; concluded A B C E = 4; days 5, 5, 0, 7 → average 4.25, p90 7;
     *   promised on time 3/4, statutory 4/4; overdue 1; same day 1/4; complaints 2, on time 1/2; ratings 2/3.
     * FGW (A B G; P1 P2 P4): received 3, concluded 2, days 5, 5; promised 1/2; same day 0/2;
     *   complaints 1, on time 1/1; ratings of P1 P2: 2/2.
     * GTJ (C E F; P1 P2 P3): received 2, concluded 2, days 0, 7 → average 3.5, p90 7; promised 2/2;
     *   yellow 1, red 1; same day 1/2; violation 1, deemed 1; complaints 1, on time 0/1; ratings 2/3.
     */
    let n = 0;
    // Only the fields statistics read: these rows are not full contract payloads.
    const ev = (type: EventType, local: string, task: [string, string, string] | null, payload: Record<string, unknown> = {}, departmentId?: string, projectId?: string): EventInput => ({
      id: `stat-q3-${++n}`,
      type,
      taskId: task?.[0],
      departmentId: task?.[1] ?? departmentId,
      projectId: task?.[2] ?? projectId,
      payload,
      occurredAt: Date.parse(`${local}+08:00`),
    }) as EventInput;
    const A: [string, string, string] = ['Q3-P1.FGW-01', 'FGW', 'Q3-P1'];
    const B: [string, string, string] = ['Q3-P2.FGW-01', 'FGW', 'Q3-P2'];
    const C: [string, string, string] = ['Q3-P1.GTJ-01', 'GTJ', 'Q3-P1'];
    const E: [string, string, string] = ['Q3-P2.GTJ-01', 'GTJ', 'Q3-P2'];
    const F: [string, string, string] = ['Q3-P3.GTJ-01', 'GTJ', 'Q3-P3'];
    const G: [string, string, string] = ['Q3-P4.FGW-01', 'FGW', 'Q3-P4'];
    const H: [string, string, string] = ['Q3-P5.FGW-01', 'FGW', 'Q3-P5'];
    const limits = (promisedDays: number, statutoryDays: number) => ({ promisedDays, statutoryDays });
    const events = [
      ev('task.received', '2026-06-26T09:00:00', E, limits(10, 20)),
      ev('task.received', '2026-07-01T09:00:00', A, limits(5, 20)),
      ev('task.supplement_requested', '2026-07-02T11:00:00', E),
      ev('task.received', '2026-07-06T09:00:00', B, limits(3, 10)),
      ev('task.supplement_received', '2026-07-06T15:00:00', E),
      ev('task.decided', '2026-07-08T10:00:00', A),
      ev('task.decided', '2026-07-10T10:00:00', E),
      ev('task.decided', '2026-07-13T10:00:00', B),
      ev('task.received', '2026-07-14T09:00:00', C, limits(10, 20)),
      ev('task.decided', '2026-07-14T16:00:00', C),
      ev('task.received', '2026-08-03T09:00:00', F, limits(5, 20)),
      ev('task.notice_violation', '2026-08-05T11:00:00', F),
      ev('task.light_changed', '2026-08-07T00:00:00', F, { from: 'green', to: 'yellow' }),
      ev('task.light_changed', '2026-08-11T00:00:00', F, { from: 'yellow', to: 'red' }),
      ev('task.deemed_accepted', '2026-08-11T00:00:00', F),
      ev('complaint.filed', '2026-08-20T09:00:00', null, {}, 'GTJ', 'Q3-P3'),
      ev('complaint.filed', '2026-08-21T09:00:00', null, {}, 'FGW', 'Q3-P2'),
      ev('complaint.resolved', '2026-08-24T09:00:00', null, { onTime: true }, 'FGW', 'Q3-P2'),
      ev('complaint.resolved', '2026-08-25T09:00:00', null, { onTime: false }, 'GTJ', 'Q3-P3'),
      ev('satisfaction.recorded', '2026-09-01T09:00:00', null, { rating: 'satisfied' }, undefined, 'Q3-P1'),
      ev('satisfaction.recorded', '2026-09-02T09:00:00', null, { rating: 'basically_satisfied' }, undefined, 'Q3-P2'),
      ev('satisfaction.recorded', '2026-09-03T09:00:00', null, { rating: 'dissatisfied' }, undefined, 'Q3-P3'),
      ev('task.received', '2026-09-30T09:00:00', G, limits(5, 20)),
      ev('task.decided', '2026-10-08T10:00:00', G),
      ev('task.received', '2026-10-09T09:00:00', H, limits(5, 20)),
    ];
    const rate = (numerator: number, denominator: number, value: number | null) => ({ numerator, denominator, value });
    /** Raw fetch: the CSV's bytes matter (BOM), and the contract client parses JSON only. */
    const exportCsv = (year: number, quarter: number) =>
      fetch(`${t.sys.baseUrl}/api/v1/statistics/export?year=${year}&quarter=${quarter}`, { headers: { authorization: `Bearer ${t.sys.key('supervisor')}` } });

    beforeAll(async () => {
      await t.sys.db.event.createMany({ data: events.map((e) => eventRow(e)) });
    });

    test('when Q3 is exported as JSON, then every figure matches the hand count for the county and each department', async () => {
      const res = await t.call('exportStatistics', 'GET', '/api/v1/statistics/export?year=2026&quarter=3&format=json', { key: t.sys.key('supervisor') });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('效能报告-2026年第3季度')}.json`);
      expect(res.body).toEqual({
        from: '2026-07-01',
        to: '2026-09-30',
        county: {
          tasksReceived: 5,
          tasksConcluded: 4,
          onTimePromised: rate(3, 4, 0.75),
          onTimeStatutory: rate(4, 4, 1),
          averageWorkingDays: 4.25,
          p90WorkingDays: 7,
          overdue: 1,
          yellow: 1,
          red: 1,
          sameDayConclusion: rate(1, 4, 0.25),
          onTheSpotIntake: 0,
          extended: rate(0, 4, 0),
          excludedPeriods: { hearing: 0, tendering_auction: 0, testing_inspection_quarantine: 0, expert_review: 0, intermediary_service: 0 },
          noticeViolations: 1,
          deemedAcceptances: 1,
          complaintsReceived: 2,
          complaintsResolvedOnTime: rate(1, 2, 0.5),
          satisfaction: rate(2, 3, 0.6667),
        },
        departments: {
          FGW: {
            tasksReceived: 3,
            tasksConcluded: 2,
            onTimePromised: rate(1, 2, 0.5),
            onTimeStatutory: rate(2, 2, 1),
            averageWorkingDays: 5,
            p90WorkingDays: 5,
            overdue: 1,
            yellow: 0,
            red: 0,
            sameDayConclusion: rate(0, 2, 0),
            onTheSpotIntake: 0,
            extended: rate(0, 2, 0),
            excludedPeriods: { hearing: 0, tendering_auction: 0, testing_inspection_quarantine: 0, expert_review: 0, intermediary_service: 0 },
            noticeViolations: 0,
            deemedAcceptances: 0,
            complaintsReceived: 1,
            complaintsResolvedOnTime: rate(1, 1, 1),
            satisfaction: rate(2, 2, 1),
          },
          GTJ: {
            tasksReceived: 2,
            tasksConcluded: 2,
            onTimePromised: rate(2, 2, 1),
            onTimeStatutory: rate(2, 2, 1),
            averageWorkingDays: 3.5,
            p90WorkingDays: 7,
            overdue: 0,
            yellow: 1,
            red: 1,
            sameDayConclusion: rate(1, 2, 0.5),
            onTheSpotIntake: 0,
            extended: rate(0, 2, 0),
            excludedPeriods: { hearing: 0, tendering_auction: 0, testing_inspection_quarantine: 0, expert_review: 0, intermediary_service: 0 },
            noticeViolations: 1,
            deemedAcceptances: 1,
            complaintsReceived: 1,
            complaintsResolvedOnTime: rate(0, 1, 0),
            satisfaction: rate(2, 3, 0.6667),
          },
        },
      });
    });

    test('when Q3 is exported as CSV, then Excel gets a BOM, Chinese headers and one hand-counted row per scope', async () => {
      const res = await exportCsv(2026, 3);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('效能报告-2026年第3季度')}.csv`);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
      expect(text.split('\r\n')).toEqual([
        '\uFEFF范围,受理数,办结数,按时办结率（承诺）,按时办结率（法定）,平均用时（工作日）,90%用时（工作日）,超期办结数,黄灯数,红灯数,现场办结率,当场受理即办件数,延期率,听证期间数,招标拍卖期间数,检验检测检疫期间数,专家评审期间数,中介服务期间数,一次性告知违规,视为受理,投诉数,投诉按时办结率,满意率',
        '全县,5,4,75.00%,100.00%,4.25,7,1,1,1,25.00%,0,0.00%,0,0,0,0,0,1,1,2,50.00%,66.67%',
        '县发改委,3,2,50.00%,100.00%,5,5,1,0,0,0.00%,0,0.00%,0,0,0,0,0,0,0,1,100.00%,100.00%',
        '县国土资源局,2,2,100.00%,100.00%,3.5,7,0,1,1,50.00%,0,0.00%,0,0,0,0,0,1,1,1,0.00%,66.67%',
        '',
      ]);
    });

    test('when a quarter has no events, then the export has the county row with empty rates and no department rows', async () => {
      const res = await exportCsv(2025, 2);
      expect(res.status).toBe(200);
      const lines = (await res.text()).split('\r\n');
      expect(lines.slice(1)).toEqual(['全县,0,0,,,,,0,0,0,,0,,0,0,0,0,0,0,0,0,,', '']);
    });
  });
});
