/**
 * Issues an API key from the command line — how the first admin key of a production
 * installation is created (the gateway has no anonymous way to do it). The key is printed once.
 *   npm run keys:create -- --role admin --label "信息化组管理员"
 *   npm run keys:create -- --role department --department FGW --label "发改委审批系统"
 *   npm run keys:create -- --role window --service-point XZFW --label "县政务服务中心综合窗口"
 */
import { createApiKey, KEY_ROLES, type KeyRole } from '../lib/auth/keys';
import { loadConfig } from '../lib/config';
import { createDb } from '../lib/db/client';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  const role = option('--role') as KeyRole | undefined;
  const label = option('--label');
  if (!role || !KEY_ROLES.includes(role) || !label) {
    process.stderr.write(`用法：keys:create -- --role <${KEY_ROLES.join('|')}> --label <名称> [--department <部门编号>] [--agent <代办专员编号>] [--service-point <便民服务中心编号>]\n`);
    return 2;
  }
  const db = createDb(loadConfig().DATABASE_URL);
  try {
    const { id, key } = await createApiKey(db, {
      role,
      label,
      departmentId: option('--department'),
      agentId: option('--agent'),
      servicePointId: option('--service-point'),
    });
    process.stdout.write(`已创建 ${id}（${role}）。密钥只显示这一次，请妥善保存：\n${key}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`创建失败：${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    await db.$disconnect();
  }
}

void main().then((code) => process.exit(code));
