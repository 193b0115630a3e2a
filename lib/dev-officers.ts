/**
 * Development officers for the console: one per role and binding (each service point's window,
 * each department's officer and head, each agent, the efficiency office, an admin), with random
 * passwords recorded in data/dev-credentials.json. Never used outside `npm start` and tests.
 */
import type { OfficerRole } from './auth/keys';
import { createOfficer, updateOfficer } from './auth/officers';
import { generatePassword } from './auth/passwords';
import type { Db } from './db/client';
import type { CatalogueFile } from './seed';

export interface DevOfficer {
  officerId: string;
  username: string;
  password: string;
  name: string;
  role: OfficerRole;
  departmentId?: string;
  servicePointId?: string;
  agentId?: string;
}

type Spec = Omit<DevOfficer, 'officerId' | 'password'>;

// Plausible names so screens and printed documents look like a real county office.
const NAMES = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨帆', '赵磊', '黄敏', '周杰', '吴婷', '徐强', '孙丽', '马超', '朱琳', '胡军', '郭颖', '何鹏', '高雪', '林峰', '罗敏', '梁志', '宋佳', '郑浩', '谢欣'];

function specsFor(catalogue: CatalogueFile): Spec[] {
  const specs: Spec[] = [
    { username: 'admin', name: '', role: 'admin' },
    { username: 'supervisor', name: '', role: 'supervisor' },
    ...catalogue.servicePoints.map((sp) => ({ username: `window-${sp.id.toLowerCase()}`, name: '', role: 'window' as const, servicePointId: sp.id })),
    ...catalogue.departments.flatMap((d) => [
      { username: `dept-${d.id.toLowerCase()}`, name: '', role: 'department' as const, departmentId: d.id },
      { username: `head-${d.id.toLowerCase()}`, name: '', role: 'department_head' as const, departmentId: d.id },
    ]),
    ...catalogue.agents.map((a) => ({ username: `agent-${a.id.toLowerCase()}`, name: a.name, role: 'agent' as const, agentId: a.id })),
  ];
  return specs.map((s, i) => ({ ...s, name: s.name || NAMES[i % NAMES.length] }));
}

/**
 * Creates the missing dev officers. An officer already listed in the file keeps its password; one
 * that exists in the database but not in the file (the file was deleted) gets a new password, so
 * the file always holds working logins.
 */
export async function ensureDevOfficers(db: Db, catalogue: CatalogueFile, recorded: DevOfficer[]): Promise<DevOfficer[]> {
  // In parallel: each new officer costs one scrypt hash, which runs on libuv's thread pool.
  return Promise.all(
    specsFor(catalogue).map(async (spec): Promise<DevOfficer> => {
      const existing = await db.officer.findUnique({ where: { username: spec.username } });
      const known = recorded.find((r) => r.username === spec.username);
      if (existing && known && known.officerId === existing.id && !existing.disabledAt) return known;
      const password = generatePassword();
      const row = existing
        ? await updateOfficer(db, existing.id, { password, disabled: false })
        : await createOfficer(db, { ...spec, password });
      return { ...spec, officerId: row!.id, password };
    }),
  );
}
