import {
  assertValidCatalogue,
  blockedByRejection,
  CatalogueError,
  readyToStart,
  selectItems,
  type CatalogueItem,
} from '../../domain/routing';

const item = (id: string, prerequisites: string[] = [], applicability: CatalogueItem['applicability'] = {}): CatalogueItem => ({
  id,
  departmentId: id.slice(0, 3),
  name: id,
  statutoryDays: 20,
  promisedDays: 10,
  requiredMaterials: [],
  prerequisites,
  applicability,
});

describe('approval item routing and the prerequisite DAG', () => {
  test('when two items are each other\'s prerequisite, then the catalogue is refused naming the cycle', () => {
    const items = [item('FGW-01'), item('GJJ-01', ['GJJ-02']), item('GJJ-02', ['ZJJ-01']), item('ZJJ-01', ['GJJ-01'])];
    expect(() => assertValidCatalogue(items)).toThrow(CatalogueError);
    try {
      assertValidCatalogue(items);
    } catch (err) {
      const e = err as CatalogueError;
      expect(e.code).toBe('prerequisite_cycle');
      expect(e.items).toEqual(['GJJ-01', 'GJJ-02', 'ZJJ-01', 'GJJ-01']);
      expect(e.message).toBe('审批事项互为前置，形成循环：GJJ-01 → GJJ-02 → ZJJ-01 → GJJ-01');
    }
  });

  test('when an item names itself or an unknown item as prerequisite, then the catalogue is refused', () => {
    expect(() => assertValidCatalogue([item('A-1', ['A-1'])])).toThrow('形成循环：A-1 → A-1');
    expect(() => assertValidCatalogue([item('A-1', ['B-9'])])).toThrow('前置事项不存在：B-9');
    expect(() => assertValidCatalogue([item('A-1'), item('A-1')])).toThrow('编号重复：A-1');
  });

  test('when a DAG is given, then it is accepted', () => {
    expect(() => assertValidCatalogue([item('A-1'), item('B-1', ['A-1']), item('C-1', ['A-1', 'B-1'])])).not.toThrow();
  });

  test('when a project is routed, then only applicable items are selected and inapplicable prerequisites are dropped', () => {
    const catalogue = [
      item('HBJ-01', [], { projectTypes: ['industrial'] }),
      item('SWJ-01', [], { minInvestmentWan: 1000 }),
      item('GJJ-01', ['HBJ-01', 'SWJ-01']),
    ];
    const warehouse = selectItems(catalogue, { type: 'warehouse', investmentWan: 5000 });
    expect(warehouse.map((i) => [i.id, i.prerequisites])).toEqual([
      ['SWJ-01', []],
      ['GJJ-01', ['SWJ-01']],
    ]);
    const smallIndustrial = selectItems(catalogue, { type: 'industrial', investmentWan: 999 });
    expect(smallIndustrial.map((i) => [i.id, i.prerequisites])).toEqual([
      ['HBJ-01', []],
      ['GJJ-01', ['HBJ-01']],
    ]);
  });

  test('when prerequisites are approved, then exactly the dependants whose every prerequisite is approved become ready', () => {
    const items = [item('A'), item('B'), item('C', ['A']), item('D', ['A', 'B'])];
    expect(readyToStart(items, new Set(), new Set()).map((i) => i.id)).toEqual(['A', 'B']);
    expect(readyToStart(items, new Set(['A', 'B']), new Set(['A'])).map((i) => i.id)).toEqual(['C']);
    expect(readyToStart(items, new Set(['A', 'B', 'C']), new Set(['A', 'B'])).map((i) => i.id)).toEqual(['D']);
  });

  test('when a prerequisite is rejected, then its dependants are blocked transitively', () => {
    const items = [item('A'), item('B', ['A']), item('C', ['B']), item('D')];
    expect([...blockedByRejection(items, new Set(['A']))].sort()).toEqual(['B', 'C']);
    expect([...blockedByRejection(items, new Set(['D']))]).toEqual([]);
  });
});
