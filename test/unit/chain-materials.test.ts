/**
 * Materials produced by an earlier item of the chain (由前序事项办理后取得, e.g. 建设工程规划许可证 for
 * 施工许可): validated when the catalogue is loaded, skipped by the intake check when the producing
 * item is routed in the same project, still required when it is not; carried by catalogue versions.
 */
import { assertValidCatalogue, type CatalogueError, selectItems, type CatalogueItem } from '../../domain/routing';
import { intakeMaterials, missingMaterials } from '../../domain/intake-materials';
import { canonicalItem } from '../../lib/catalogue';
import { readCatalogue, SEED_CATALOGUE_FILE } from '../../lib/seed';

const item = (id: string, requiredMaterials: string[], prerequisites: string[] = [], chainMaterials?: CatalogueItem['chainMaterials']): CatalogueItem => ({
  id,
  departmentId: id.split('-')[0],
  name: `事项 ${id}`,
  statutoryDays: 20,
  promisedDays: 10,
  requiredMaterials,
  prerequisites,
  applicability: {},
  ...(chainMaterials ? { chainMaterials } : {}),
});

const PLAN = item('GH-01', ['规划申请表']);
const PERMIT = item('GH-02', ['工程规划申请表'], ['GH-01']);
const BUILD = item('ZJ-01', ['施工许可申请表', '建设工程规划许可证'], ['GH-02'], [{ material: '建设工程规划许可证', producedBy: ['GH-02'] }]);

function refusal(items: CatalogueItem[]): CatalogueError {
  try {
    assertValidCatalogue(items);
  } catch (e) {
    return e as CatalogueError;
  }
  throw new Error('the catalogue was accepted');
}

describe('chain-produced materials (由前序事项办理后取得)', () => {
  test('when the producing item is a direct or transitive prerequisite, then the catalogue is accepted', () => {
    expect(() => assertValidCatalogue([PLAN, PERMIT, BUILD])).not.toThrow();
    const viaChain = { ...BUILD, chainMaterials: [{ material: '建设工程规划许可证', producedBy: ['GH-01'] }] };
    expect(() => assertValidCatalogue([PLAN, PERMIT, viaChain])).not.toThrow();
  });

  test('when the producing item is not a prerequisite of the item, then the catalogue is refused naming item, material and producer', () => {
    const stray = item('HB-01', ['环评申请表']);
    const wrong = { ...BUILD, chainMaterials: [{ material: '建设工程规划许可证', producedBy: ['HB-01'] }] };
    const e = refusal([PLAN, PERMIT, stray, wrong]);
    expect(e.code).toBe('invalid_chain_material');
    expect(e.message).toBe('审批事项 ZJ-01 的材料《建设工程规划许可证》标为由 HB-01 办理后取得，但 HB-01 不是该事项的前置事项');
    expect(e.items).toEqual(['ZJ-01', 'HB-01']);
  });

  test('when the marked material is not required, named twice or has no producer, then the catalogue is refused', () => {
    const notRequired = { ...BUILD, chainMaterials: [{ material: '竣工验收报告', producedBy: ['GH-02'] }] };
    expect(refusal([PLAN, PERMIT, notRequired]).message).toBe('审批事项 ZJ-01 的材料《竣工验收报告》不在该事项的申请材料清单中，不能标为由前序事项办理后取得');
    const twice = { ...BUILD, chainMaterials: [...BUILD.chainMaterials!, ...BUILD.chainMaterials!] };
    expect(refusal([PLAN, PERMIT, twice]).message).toBe('审批事项 ZJ-01 的材料《建设工程规划许可证》重复标注');
    const nobody = { ...BUILD, chainMaterials: [{ material: '建设工程规划许可证', producedBy: [] }] };
    expect(refusal([PLAN, PERMIT, nobody]).code).toBe('invalid_chain_material');
  });

  test('when the producing item is routed in the same project, then intake does not ask for the material; when it is not, it does', () => {
    const all = [PLAN, PERMIT, BUILD];
    expect(intakeMaterials(BUILD, new Set(['GH-01', 'GH-02', 'ZJ-01']))).toEqual(['施工许可申请表']);
    expect(missingMaterials(all, [{ name: '规划申请表' }, { name: '工程规划申请表' }, { name: '施工许可申请表' }])).toEqual([]);
    // A project that already holds its 规划许可 (GH-02 not routed) must bring the licence to the window.
    expect(missingMaterials([PLAN, BUILD], [{ name: '规划申请表' }, { name: '施工许可申请表' }])).toEqual([
      { itemId: 'ZJ-01', itemName: '事项 ZJ-01', departmentId: 'ZJ', materials: ['建设工程规划许可证'] },
    ]);
  });

  test('when a catalogue version is taken, then it carries the marker (and an item without one stays as before)', () => {
    expect(canonicalItem(BUILD).chainMaterials).toEqual([{ material: '建设工程规划许可证', producedBy: ['GH-02'] }]);
    expect('chainMaterials' in canonicalItem(PLAN)).toBe(false);
    expect('chainMaterials' in canonicalItem({ ...PLAN, chainMaterials: [] })).toBe(false);
  });

  describe('the county catalogue (蓬溪县 510921)', () => {
    const catalogue = readCatalogue(SEED_CATALOGUE_FILE);
    const byId = new Map(catalogue.items.map((i) => [i.id, i]));
    const chainOf = (id: string) => (byId.get(id)!.chainMaterials ?? []).map((c) => `${c.material}←${c.producedBy.join('/')}`);

    test('when loaded, then the licences issued earlier in the chain are marked with their producing items', () => {
      expect(chainOf('ZJJ-03')).toEqual(['建设工程规划许可证←ZRGH-03', '消防设计审查合格意见（特殊建设工程）←ZJJ-02']);
      expect(chainOf('ZJJ-02')).toEqual(['建设工程规划许可证←ZRGH-03']);
      expect(chainOf('ZJJ-01')).toEqual(['建设工程规划许可证←ZRGH-03']);
      expect(chainOf('FGJ-02')).toEqual(['用地预审与选址意见书←ZRGH-01']);
      expect(chainOf('FGJ-03')).toEqual(['项目备案或核准文件←FGJ-01/FGJ-02']);
    });

    test('when an industrial project on new land brings what the applicant itself holds, then nothing is missing', () => {
      const items = selectItems(catalogue.items, { type: 'industrial', investmentWan: 5000, landUse: 'new_land' });
      expect(items.map((i) => i.id)).toContain('ZJJ-03');
      const routed = new Set(items.map((i) => i.id));
      const brought = [...new Set(items.flatMap((i) => intakeMaterials(i, routed)))];
      expect(brought).not.toContain('建设工程规划许可证');
      expect(brought).not.toContain('消防设计审查合格意见（特殊建设工程）');
      expect(missingMaterials(items, brought.map((name) => ({ name })))).toEqual([]);
      // Without the marker every chain-produced licence would hold the project at intake.
      const unmarked = items.map(({ chainMaterials: _c, ...i }) => i);
      expect(missingMaterials(unmarked, brought.map((name) => ({ name }))).map((m) => m.itemId)).toEqual(expect.arrayContaining(['ZJJ-02', 'ZJJ-03']));
    });
  });
});
