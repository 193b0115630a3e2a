/**
 * The intake check against the county catalogue (prisma/seed/catalogue.json, 蓬溪县 510921), over
 * HTTP: licences an earlier item of the same project issues (建设工程规划许可证, 消防设计审查合格意见,
 * 备案文件) are not asked for at intake, so a complete industrial project is accepted at once. A major
 * project that awaits materials convenes its 联席会议 only when accepted, and its forecast counts from
 * the day it can be accepted, not from the intake date. Contract-checked; SQLite and PostgreSQL.
 */
import { APPLICANT } from '../support/scenario';
import { useTestSystem } from '../support/system';
import { addDays, shanghaiDateOf } from '../../domain/clock';
import { projectForecast } from '../../lib/forecast';
import { SEED_CATALOGUE_FILE } from '../../lib/seed';

const INDUSTRIAL = { name: '年产 5 万吨新型建材项目', type: 'industrial', location: '蓬溪县金桥工业园 2 号地块', investmentWan: 5000 };

/** What the applicant itself holds for the items an industrial project routes to (written out by hand from the catalogue). */
const OWN_MATERIALS = [
  '项目备案信息表（在线平台填报）',
  '企业营业执照',
  '节能报告',
  '用地预审与选址申请表',
  '项目位置图',
  '建设用地规划许可申请表',
  '用地红线图',
  '国有土地使用权出让合同或划拨决定',
  '建设工程规划许可申请表',
  '建设工程设计方案总平面图',
  '土地权属证明',
  '环境影响报告表',
  '水土保持方案报告书（报告表适用承诺制）',
  '雷电防护装置设计审核申请表',
  '雷电防护装置设计说明书和设计图纸',
  '消防设计审查申请表',
  '消防设计文件',
  '建筑工程施工许可申请表',
  '施工合同',
];

describe('intake check against the county catalogue', () => {
  // 5000 万元 is a major project under this threshold: the 联席会议 rule fires when it is taken in.
  const t = useTestSystem({ JOINT_MEETING_MAJOR_INVESTMENT_WAN: '1000' }, { catalogueFile: SEED_CATALOGUE_FILE });
  const window = () => t.sys.key('window');
  const submit = (idem: string, materials: string[]) =>
    t.call('submitProject', 'POST', '/api/v1/projects', {
      key: window(),
      headers: { 'Idempotency-Key': idem },
      body: { applicant: APPLICANT, project: INDUSTRIAL, materials: materials.map((name) => ({ name })), firstInquiryStaff: '李窗口', agentId: 'AG-01', checkMaterials: true },
    });
  const meetings = async (code: string) =>
    (await t.call('listJointMeetings', 'GET', `/api/v1/projects/${code}/joint-meetings`, { key: t.sys.key('supervisor') })).body.items as { trigger: string }[];

  test('when a complete industrial project is filed, then it is accepted at once although the chain-produced licences are not brought', async () => {
    const submitted = await submit('county-intake-1', OWN_MATERIALS);
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({ status: 'in_review', missingMaterials: [], acceptedAt: submitted.body.submittedAt });
    const itemIds = (submitted.body.tasks as { itemId: string }[]).map((x) => x.itemId);
    expect(itemIds).toEqual(expect.arrayContaining(['FGJ-01', 'ZRGH-03', 'ZJJ-02', 'ZJJ-03']));
    const names = (submitted.body.materials as { name: string }[]).map((m) => m.name);
    expect(names).not.toContain('建设工程规划许可证');
    // Accepted on the spot: the major-project meeting is convened at intake, as before.
    expect((await meetings(submitted.body.code)).map((m) => m.trigger)).toEqual(['major_project']);
    // The public guide says where the licence comes from (the portal shows 由前序事项办理后取得).
    const guide = await t.call('getPublicGuide', 'GET', '/api/v1/public/guide');
    const zjj03 = (guide.body.items as { id: string; chainMaterials: unknown }[]).find((i) => i.id === 'ZJJ-03')!;
    expect(zjj03.chainMaterials).toEqual([
      { material: '建设工程规划许可证', producedBy: ['ZRGH-03'] },
      { material: '消防设计审查合格意见（特殊建设工程）', producedBy: ['ZJJ-02'] },
    ]);
  });

  test('when a major project awaits materials, then no meeting is convened and the forecast counts from today, and both follow acceptance', async () => {
    const brought = OWN_MATERIALS.filter((m) => m !== '施工合同');
    // The counter's preview says beforehand what the intake check will say.
    const preview = await t.call('previewProject', 'POST', '/api/v1/project-previews', {
      key: window(),
      body: { type: INDUSTRIAL.type, investmentWan: INDUSTRIAL.investmentWan, materials: brought },
    });
    expect(preview.status).toBe(200);
    expect(new Set(preview.body.intakeMaterials)).toEqual(new Set(OWN_MATERIALS));
    const submitted = await submit('county-intake-2', brought);
    expect(submitted.status).toBe(201);
    const code = submitted.body.code as string;
    // Only what the applicant holds is asked for; the licences ZRGH-03 and ZJJ-02 issue are not.
    expect(submitted.body).toMatchObject({ status: 'awaiting_materials', missingMaterials: [{ itemId: 'ZJJ-03', materials: ['施工合同'] }] });
    expect(preview.body.missingMaterials).toEqual(submitted.body.missingMaterials);
    expect(await meetings(code)).toEqual([]);

    // Seen a week later (nothing accepted meanwhile), the first wave starts that day, not on the intake day.
    const db = t.sys.db;
    const row = async () => db.project.findUniqueOrThrow({ where: { id: submitted.body.id } });
    const tasks = () => db.task.findMany({ where: { projectId: submitted.body.id } });
    const weekLater = Date.now() + 7 * 86_400_000;
    const waiting = await projectForecast(db, await row(), await tasks(), weekLater);
    const fgj = (f: typeof waiting) => f!.promised.items.find((i) => i.itemId === 'FGJ-01')!;
    expect(fgj(waiting).startDate).toBe(shanghaiDateOf(weekLater));
    expect(fgj(waiting).startDate).not.toBe(shanghaiDateOf(Date.parse(submitted.body.submittedAt)));

    const supplied = await t.call('submitMaterials', 'POST', `/api/v1/projects/${code}/supplements`, { key: window(), body: { materials: [{ name: '施工合同' }] } });
    expect(supplied.status).toBe(200);
    expect(supplied.body.status).toBe('in_review');
    expect((await meetings(code)).map((m) => m.trigger)).toEqual(['major_project']);
    // Accepted today: the forecast a week later still counts the first wave from the acceptance day.
    const accepted = await projectForecast(db, await row(), await tasks(), weekLater);
    expect(fgj(accepted).startDate).toBe(shanghaiDateOf(Date.parse(supplied.body.acceptedAt)));
    expect(addDays(fgj(accepted).startDate!, 7)).toBe(shanghaiDateOf(weekLater));
  });
});
