/**
 * Catalogue editing over HTTP (putApprovalItem, deleteApprovalItem): admin only, validated
 * (cycles and missing prerequisites refused with the problem named), versioned (a running project
 * keeps the items and the version it was routed with), plus the catalogue reads and the natural-day
 * deadline calculator. Runs on the demo catalogue (test/fixtures/catalogue.json):
 *   GTJ-01 → GJJ-01 → GJJ-02 → ZJJ-01 (each the prerequisite of the next).
 */
import { eventually } from '../support/eventually';
import { useTestSystem } from '../support/system';
import { APPLICANT, PROJECT } from '../support/scenario';
import { problemType } from '../../api/http/problem';

const basis = [{ law: '《中华人民共和国行政许可法》', article: '第四十二条' }];
const itemBody = (over: Record<string, unknown> = {}) => ({
  departmentId: 'SWJ',
  name: '取水许可',
  statutoryDays: 45,
  promisedDays: 20,
  greenChannelDays: 10,
  limitUnit: 'naturalDays',
  legalBasis: [{ law: '《取水许可和水资源费征收管理条例》', article: '第十九条', text: '测试数据：时限与条款不作为目录依据' }],
  fee: '不收费',
  requiredMaterials: ['取水许可申请书'],
  prerequisites: [],
  applicability: { projectTypes: ['industrial'] },
  ...over,
});

describe('catalogue editing by admin', () => {
  const t = useTestSystem();
  const admin = () => t.sys.key('admin');
  const put = (itemId: string, body: object, key = admin()) => t.call('putApprovalItem', 'PUT', `/api/v1/approval-items/${itemId}`, { key, body });
  const del = (itemId: string, key = admin()) => t.call('deleteApprovalItem', 'DELETE', `/api/v1/approval-items/${itemId}`, { key });
  const list = (query = '') => t.call('listApprovalItems', 'GET', `/api/v1/approval-items${query}`, { key: t.sys.key('window') });
  let submissions = 0;
  const submit = async (name: string) => {
    const r = await t.call('submitProject', 'POST', '/api/v1/projects', {
      key: t.sys.key('window'),
      headers: { 'Idempotency-Key': `catalogue-${++submissions}` },
      body: { applicant: APPLICANT, project: { ...PROJECT, name }, materials: [{ name: '项目申请报告' }], firstInquiryStaff: '李窗口' },
    });
    expect(r.status).toBe(201);
    return r.body;
  };

  test('when items are listed by department, then only that department’s items come back with their unit, basis and the catalogue version', async () => {
    const all = await list();
    const gjj = await list('?departmentId=GJJ');
    expect(gjj.body.items.map((i: { id: string }) => i.id)).toEqual(['GJJ-01', 'GJJ-02']);
    expect(all.body.items.length).toBeGreaterThan(2);
    expect(gjj.body.catalogueVersion).toBeGreaterThanOrEqual(1);
    expect(gjj.body.items[0]).toMatchObject({ limitUnit: 'workingDays', stage: 'intake', legalBasis: [], fee: null });
  });

  test('when a window, department, agent or supervisor key edits the catalogue, then 403 and nothing changes', async () => {
    const before = (await list()).body;
    for (const key of [t.sys.key('window'), t.sys.key('department', 'SWJ'), t.sys.key('agent', 'AG-01'), t.sys.key('supervisor')]) {
      expect((await put('SWJ-02', itemBody(), key)).status).toBe(403);
      expect((await del('XFJ-01', key)).status).toBe(403);
    }
    expect((await list()).body).toEqual(before);
  });

  test('when an edit would make prerequisites circular, then 409 prerequisite_cycle names the cycle in Chinese and the catalogue is unchanged', async () => {
    const before = (await list()).body;
    const r = await put('GTJ-01', { ...itemBody({ departmentId: 'GTJ', name: '建设项目用地预审与选址意见书', limitUnit: 'workingDays' }), prerequisites: ['GJJ-02'], legalBasis: basis });
    expect(r.status).toBe(409);
    expect(r.body.reason).toBe('prerequisite_cycle');
    expect(r.body.detail).toContain('审批事项互为前置，形成循环');
    expect(r.body.detail).toMatch(/GTJ-01 → GJJ-02 → GJJ-01 → GTJ-01|GJJ-02 → GJJ-01 → GTJ-01 → GJJ-02|GJJ-01 → GTJ-01 → GJJ-02 → GJJ-01/);
    expect((await list()).body).toEqual(before);
  });

  test('when a prerequisite does not exist or a limit is inconsistent, then the edit is refused with the field or item named', async () => {
    const unknown = await put('SWJ-02', itemBody({ prerequisites: ['NOPE-01'] }));
    expect(unknown.status).toBe(409);
    expect(unknown.body).toMatchObject({ reason: 'unknown_prerequisite' });
    expect(unknown.body.detail).toContain('NOPE-01');

    const promised = await put('SWJ-02', itemBody({ promisedDays: 50 }));
    expect([promised.status, promised.body.type]).toEqual([422, problemType('rule-violated')]);
    expect(promised.body.errors[0]).toMatchObject({ pointer: '/promisedDays' });
    const dept = await put('SWJ-02', itemBody({ departmentId: 'NOPE' }));
    expect([dept.status, dept.body.type]).toEqual([422, problemType('unknown-reference')]);
    expect(dept.body.errors[0]).toMatchObject({ pointer: '/departmentId' });
    const uncited = await put('SWJ-02', itemBody({ legalBasis: [] }));
    expect(uncited.status).toBe(400);
  });

  test('when two admins concurrently make two items each other’s prerequisite, then exactly one edit is saved and the other is refused as a cycle', async () => {
    const before = (await list()).body.catalogueVersion as number;
    const fgw = { ...itemBody({ departmentId: 'FGW', name: '企业投资项目备案', limitUnit: 'workingDays', statutoryDays: 5, promisedDays: 2, greenChannelDays: 1 }), applicability: {} };
    const swj = { ...itemBody({ departmentId: 'SWJ', name: '生产建设项目水土保持方案审批', limitUnit: 'workingDays', statutoryDays: 20, promisedDays: 10, greenChannelDays: 6 }), applicability: { minInvestmentWan: 1000 } };
    const [a, b] = await Promise.all([put('FGW-01', { ...fgw, prerequisites: ['SWJ-01'] }), put('SWJ-01', { ...swj, prerequisites: ['FGW-01'] })]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.status === 409)!.body.reason).toBe('prerequisite_cycle');
    const after = (await list()).body;
    expect(after.catalogueVersion).toBe(before + 1);
    // Undo, so the later tests route the demo catalogue as before.
    const saved = a.status === 200 ? 'FGW-01' : 'SWJ-01';
    expect((await put(saved, { ...(saved === 'FGW-01' ? fgw : swj), prerequisites: [] })).status).toBe(200);
  });

  test('when an item other items depend on is deleted, then 409 names the dependants; a missing item is 404', async () => {
    const r = await del('GTJ-01');
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ reason: 'unknown_prerequisite' });
    expect(r.body.detail).toContain('GJJ-01');
    expect((await del('NOPE-99')).status).toBe(404);
  });

  test('when the catalogue changes while a project runs, then the project keeps its items and version and only new projects use the new catalogue', async () => {
    const first = await submit('目录变更前受理的项目');
    expect(first).toMatchObject({ leadDepartmentId: 'FGW', leadDepartmentName: '县发展和改革局' });
    const routedWith = first.catalogueVersion as number;
    expect(routedWith).toBe((await list()).body.catalogueVersion);
    const firstItems = first.tasks.map((x: { itemId: string }) => x.itemId).sort();

    const added = await put('SWJ-02', itemBody());
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ catalogueVersion: routedWith + 1, item: { id: 'SWJ-02', limitUnit: 'naturalDays', legalBasis: [{ article: '第十九条' }] } });
    // The same content again is not a change: no new version.
    expect((await put('SWJ-02', itemBody())).body.catalogueVersion).toBe(routedWith + 1);
    const removed = await del('XFJ-01');
    expect(removed.body).toEqual({ itemId: 'XFJ-01', catalogueVersion: routedWith + 2 });
    expect((await list()).body.items.map((i: { id: string }) => i.id)).not.toContain('XFJ-01');

    const again = await t.call('getProject', 'GET', `/api/v1/projects/${first.id}`, { key: t.sys.key('window') });
    expect(again.body.catalogueVersion).toBe(routedWith);
    expect(again.body.tasks.map((x: { itemId: string }) => x.itemId).sort()).toEqual(firstItems);

    const second = await submit('目录变更后受理的项目');
    expect(second.catalogueVersion).toBe(routedWith + 2);
    expect(second.tasks.map((x: { itemId: string }) => x.itemId)).toContain('SWJ-02');
    const task = await eventually(
      () => t.call('getTask', 'GET', `/api/v1/tasks/${second.id}.SWJ-02`, { key: t.sys.key('department', 'SWJ') }).then((r) => r.body),
      (b) => b.clock?.state === 'running',
      '新事项的任务开始计时',
    );
    expect(task.clock.unit).toBe('naturalDays');
    expect(task.clock.explanation.join('\n')).toContain('日（自然日）');
  });

  test('when the window previews a project after a natural-day item was added, then the preview gives it in 日 with the due date its task gets', async () => {
    const preview = await t.call('previewProject', 'POST', '/api/v1/project-previews', { key: t.sys.key('window'), body: { type: PROJECT.type, investmentWan: PROJECT.investmentWan } });
    expect(preview.status).toBe(200);
    const natural = (preview.body.items as { itemId: string; limitUnit: string; statutoryDueDate: string | null }[]).find((i) => i.itemId === 'SWJ-02');
    expect(natural).toMatchObject({ limitUnit: 'naturalDays' });
    expect((preview.body.items as { itemId: string; limitUnit: string }[]).find((i) => i.itemId === 'FGW-01')).toMatchObject({ limitUnit: 'workingDays' });
    const filed = await submit('预览自然日事项的项目');
    const task = await eventually(
      () => t.call('getTask', 'GET', `/api/v1/tasks/${filed.id}.SWJ-02`, { key: t.sys.key('department', 'SWJ') }).then((r) => r.body),
      (b) => b.clock?.state === 'running',
      '自然日事项的任务开始计时',
    );
    // Received the same day as previewed (tests run well inside one Shanghai day).
    expect(task.clock.statutoryDueDate).toBe(natural!.statutoryDueDate);
  });

  test('when the window computes a natural-day deadline across 国庆 2026, then day 60 on 10/4 rolls over to 10/8', async () => {
    const r = await t.call('computeDeadline', 'POST', '/api/v1/deadlines/compute', {
      key: t.sys.key('window'),
      body: { startDate: '2026-08-05', workingDays: 60, unit: 'naturalDays' },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ unit: 'naturalDays', dueDate: '2026-10-08', rollOver: { lastDay: '2026-10-04', to: '2026-10-08' } });
    expect(r.body.summary).toContain('《民法典》第二百零三条');
    const working = await t.call('computeDeadline', 'POST', '/api/v1/deadlines/compute', { key: t.sys.key('window'), body: { startDate: '2026-08-05', workingDays: 5 } });
    expect(working.body).toMatchObject({ unit: 'workingDays', rollOver: null, dueDate: '2026-08-12' });
  });

  test('when an item marks a licence as issued by a prerequisite, then it is saved, listed and versioned; a producer outside its chain is 422 naming both', async () => {
    const licence = '建设工程规划许可证';
    const body = itemBody({
      departmentId: 'ZJJ',
      name: '结合民用建筑修建防空地下室审批',
      limitUnit: 'workingDays',
      requiredMaterials: ['人防工程设计文件', licence],
      prerequisites: ['GJJ-02'],
      applicability: { projectTypes: ['commercial'] },
      legalBasis: basis,
    });
    // GJJ-01 is GJJ-02's prerequisite: a transitive producer is in the chain too.
    const saved = await put('ZJJ-09', { ...body, chainMaterials: [{ material: licence, producedBy: ['GJJ-02', 'GJJ-01'] }] });
    expect(saved.status).toBe(200);
    expect(saved.body.item.chainMaterials).toEqual([{ material: licence, producedBy: ['GJJ-02', 'GJJ-01'] }]);
    const version = saved.body.catalogueVersion as number;
    const stored = await t.sys.db.catalogueVersion.findUniqueOrThrow({ where: { version } });
    expect((stored.items as { id: string; chainMaterials?: unknown }[]).find((i) => i.id === 'ZJJ-09')!.chainMaterials).toEqual([{ material: licence, producedBy: ['GJJ-02', 'GJJ-01'] }]);

    const outside = await put('ZJJ-09', { ...body, chainMaterials: [{ material: licence, producedBy: ['HBJ-01'] }] });
    expect([outside.status, outside.body.type]).toEqual([422, problemType('rule-violated')]);
    expect(outside.body.errors[0]).toMatchObject({ pointer: '/chainMaterials' });
    expect(outside.body.detail).toBe(`审批事项 ZJJ-09 的材料《${licence}》标为由 HBJ-01 办理后取得，但 HBJ-01 不是该事项的前置事项`);
    const notRequired = await put('ZJJ-09', { ...body, chainMaterials: [{ material: '施工合同', producedBy: ['GJJ-02'] }] });
    expect(notRequired.status).toBe(422);
    expect((await list()).body.catalogueVersion).toBe(version);
    // Removing the producer from the prerequisites would orphan the marker: refused as well.
    expect((await put('ZJJ-09', { ...body, prerequisites: [], chainMaterials: [{ material: licence, producedBy: ['GJJ-02'] }] })).status).toBe(422);
    expect((await del('ZJJ-09')).status).toBe(200);
  });
});
