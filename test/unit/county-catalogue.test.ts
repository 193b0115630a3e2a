/**
 * The county catalogue that `npm start` loads (prisma/seed/catalogue.json, 蓬溪县 510921): it must be
 * a valid DAG, cite a legal basis for every limit, and route real project shapes to the items the
 * law requires, in the order the law requires (规划许可 after 备案/核准, 施工许可 last).
 */
import { readCatalogue, SEED_CATALOGUE_FILE } from '../../lib/seed';
import { findPrerequisiteCycle, readyToStart, selectItems, type CatalogueItem, type RoutableProject } from '../../domain/routing';

const catalogue = readCatalogue(SEED_CATALOGUE_FILE);
const ids = (items: readonly CatalogueItem[]) => items.map((i) => i.id);
const byId = (items: readonly CatalogueItem[], id: string) => items.find((i) => i.id === id)!;

/** Fan-out waves: which items start together once the previous wave is approved. */
function waves(items: readonly CatalogueItem[]): string[][] {
  const started = new Set<string>();
  const out: string[][] = [];
  for (let ready = readyToStart(items, started, started); ready.length > 0; ready = readyToStart(items, started, started)) {
    out.push(ids(ready));
    for (const i of ready) started.add(i.id);
  }
  return out;
}

describe('county catalogue (蓬溪县 510921)', () => {
  test('when loaded, then it is a DAG of at least 15 items whose departments and lead departments exist', () => {
    expect(catalogue.items.length).toBeGreaterThanOrEqual(15);
    expect(findPrerequisiteCycle(catalogue.items)).toBeNull();
    const departments = new Set(catalogue.departments.map((d) => d.id));
    expect(catalogue.items.filter((i) => !departments.has(i.departmentId))).toEqual([]);
    expect((catalogue.projectTypes ?? []).filter((t) => !departments.has(t.leadDepartmentId))).toEqual([]);
    expect((catalogue.projectTypes ?? []).map((t) => t.id)).toEqual(['industrial', 'commercial', 'infrastructure']);
  });

  test('when any item is read, then its limits have a unit, a cited legal basis (law and article) and a fee statement', () => {
    const uncited = catalogue.items.filter(
      (i) => !i.legalBasis?.length || i.legalBasis.some((b) => !/^《.+》/.test(b.law) || b.article.trim() === '') || !i.fee || !i.limitUnit,
    );
    expect(ids(uncited)).toEqual([]);
    const badLimits = catalogue.items.filter((i) => i.promisedDays > i.statutoryDays || (i.greenChannelDays ?? 0) > i.promisedDays);
    expect(ids(badLimits)).toEqual([]);
  });

  test('when the law says 日, then the item counts natural days (环评 60/30 日, 施工许可 7 日)', () => {
    const limit = (id: string) => [byId(catalogue.items, id).statutoryDays, byId(catalogue.items, id).limitUnit];
    expect(limit('STHJ-01')).toEqual([60, 'naturalDays']);
    expect(limit('STHJ-02')).toEqual([30, 'naturalDays']);
    expect(limit('ZJJ-03')).toEqual([7, 'naturalDays']);
    expect(limit('ZJJ-02')).toEqual([15, 'workingDays']);
  });

  test('when completion-stage items exist, then they are 消防验收 and 竣工验收备案 and never part of the intake fan-out', () => {
    const completion = catalogue.items.filter((i) => i.stage === 'completion');
    expect(completion.map((i) => i.name)).toEqual(['特殊建设工程消防验收', '房屋建筑和市政基础设施工程竣工验收备案']);
    const everything: RoutableProject = { type: 'commercial', investmentWan: 1e6, landUse: 'new_land', buildingAreaM2: 1e6 };
    expect(ids(selectItems(catalogue.items, everything))).not.toEqual(expect.arrayContaining(['ZJJ-04']));
    expect(ids(selectItems(catalogue.items, everything)).filter((id) => id === 'ZJJ-04' || id === 'ZJJ-05')).toEqual([]);
  });

  test('when an industrial project on new land is filed (备案, 报告表), then it gets filing first, planning after it and the construction permit last', () => {
    const items = selectItems(catalogue.items, { type: 'industrial', investmentWan: 30000, landUse: 'new_land', eiaCategory: 'table' });
    expect(ids(items)).toEqual(['FGJ-01', 'FGJ-03', 'ZRGH-01', 'ZRGH-02', 'ZRGH-03', 'STHJ-02', 'SLJ-01', 'QXJ-01', 'ZJJ-02', 'ZJJ-03']);
    expect(waves(items)).toEqual([
      ['FGJ-01', 'STHJ-02', 'SLJ-01', 'QXJ-01'],
      ['FGJ-03', 'ZRGH-01'],
      ['ZRGH-02'],
      ['ZRGH-03'],
      ['ZJJ-02'],
      ['ZJJ-03'],
    ]);
    // 核准 does not apply to a filed project, so it cannot hold up planning.
    expect(byId(items, 'ZRGH-03').prerequisites).toEqual(['ZRGH-02', 'FGJ-01']);
  });

  test('when a commercial project needing 核准 builds on its own land (登记表), then 核准 is routed without 用地预审 and 人防 joins before the permit', () => {
    const items = selectItems(catalogue.items, {
      type: 'commercial', investmentWan: 2000, landUse: 'existing_land', eiaCategory: 'registration', investmentRegime: 'approval',
    });
    expect(ids(items)).toEqual(['FGJ-02', 'ZRGH-03', 'STHJ-03', 'ZJJ-01', 'ZJJ-02', 'ZJJ-03']);
    expect(byId(items, 'FGJ-02').prerequisites).toEqual([]);
    expect(waves(items)).toEqual([['FGJ-02', 'STHJ-03'], ['ZRGH-03'], ['ZJJ-01', 'ZJJ-02'], ['ZJJ-03']]);
  });

  test('when a small project (20 万元, 报告书) is filed without stating its land, then 施工许可 is not routed and 报告书 is', () => {
    const items = selectItems(catalogue.items, { type: 'infrastructure', investmentWan: 20, eiaCategory: 'report' });
    expect(ids(items)).toEqual(['FGJ-01', 'FGJ-03', 'ZRGH-01', 'ZRGH-02', 'ZRGH-03', 'STHJ-01', 'SLJ-01', 'ZJJ-02']);
  });
});
