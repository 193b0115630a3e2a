import { generateNationalCode, nationalCodeProblems } from '../../domain/national-code';

describe('national investment project code (全国投资项目代码)', () => {
  test('when a code issued by the platform is well formed, then it has no problems', () => {
    expect(nationalCodeProblems('2026-510921-44-03-000123', 2026)).toEqual([]);
    expect(nationalCodeProblems('2019-510900-35-02-018001', 2026)).toEqual([]);
  });

  test('when the shape is wrong, then one message shows the expected format', () => {
    for (const bad of ['2026-510921-44-03-12345', '2026510921440300123', '2026-51092A-44-03-000123', ' 2026-510921-44-03-000123']) {
      expect(nationalCodeProblems(bad, 2026)).toEqual(['全国投资项目代码格式应为“年份-行政区划代码-行业代码-项目类型代码-流水号”，如 2026-510921-44-03-000123']);
    }
  });

  test('when the parts are out of range, then each is named', () => {
    expect(nationalCodeProblems('2027-990921-44-09-000000', 2026)).toEqual([
      '赋码年份 2027 不在 2015–2026 之间',
      '行政区划代码 990921 不是有效的省级行政区划开头（11–82）',
      '项目类型代码 09 无效，应为 01（审批）、02（核准）或 03（备案）',
      '流水号不能为 000000',
    ]);
  });

  test('when a code is generated, then it uses the county, the industry, 02 for 核准 or 03 for 备案, and the project serial', () => {
    expect(generateNationalCode({ year: '2026', division: '510921', industryCode: '44', regime: 'approval', serial: 123 })).toBe('2026-510921-44-02-000123');
    expect(generateNationalCode({ year: '2026', division: '510921', serial: 7 })).toBe('2026-510921-00-03-000007');
    expect(nationalCodeProblems(generateNationalCode({ year: '2026', division: '510921', serial: 7 }), 2026)).toEqual([]);
  });
});
