/**
 * Creates an officer from the command line — how the first admin of an installation is made (the
 * console has no anonymous way to do it). Asks for what is missing when run in a terminal;
 * otherwise takes flags and environment variables, and prints a generated password once.
 *   npm run officers:create                                   (interactive: first admin)
 *   npm run officers:create -- --username admin --name 王管理 (password asked, hidden)
 *   OFFICER_PASSWORD=… npm run officers:create -- --username zhang.wei --name 张伟 --role window --service-point XZFW
 */
import readline from 'node:readline';
import { OFFICER_ROLES, type OfficerRole } from '../lib/auth/keys';
import { createOfficer, OfficerInputError } from '../lib/auth/officers';
import { generatePassword } from '../lib/auth/passwords';
import { loadConfig } from '../lib/config';
import { createDb } from '../lib/db/client';

const USAGE = `用法：officers:create -- [--username <登录名>] [--name <姓名>] [--role <${OFFICER_ROLES.join('|')}>]
       [--department <部门编号>] [--service-point <便民服务中心编号>] [--agent <代办专员编号>] [--password-stdin]
  角色默认 admin。密码取自 OFFICER_PASSWORD、--password-stdin（从标准输入读一行）或终端中隐藏输入；都没有时生成随机密码并只显示一次。\n`;

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function ask(question: string, hidden = false): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  if (hidden) {
    // Echo nothing but the prompt while the password is typed.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
      if (s.startsWith(question)) process.stdout.write(question);
    };
  }
  return new Promise((resolve) =>
    rl.question(question, (answer) => {
      rl.close();
      if (hidden) process.stdout.write('\n');
      resolve(answer.trim());
    }),
  );
}

async function readStdinLine(): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return '';
}

async function main(): Promise<number> {
  if (process.argv.includes('--help')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const interactive = process.stdin.isTTY === true;
  const role = (option('--role') ?? 'admin') as OfficerRole;
  if (!OFFICER_ROLES.includes(role)) {
    process.stderr.write(`角色无效：${role}\n${USAGE}`);
    return 2;
  }
  const username = option('--username') ?? (interactive ? await ask('登录名：') : undefined);
  const name = option('--name') ?? (interactive ? await ask('姓名：') : undefined);
  if (!username || !name) {
    process.stderr.write(`缺少登录名或姓名。\n${USAGE}`);
    return 2;
  }
  let password = process.env.OFFICER_PASSWORD || (process.argv.includes('--password-stdin') ? await readStdinLine() : undefined);
  if (!password && interactive) {
    password = await ask('密码（不显示）：', true);
    if (password !== (await ask('再次输入密码：', true))) {
      process.stderr.write('两次输入的密码不一致。\n');
      return 1;
    }
  }
  const generated = !password;
  password ||= generatePassword();

  const db = createDb(loadConfig().DATABASE_URL);
  try {
    const officer = await createOfficer(db, {
      username,
      name,
      role,
      password,
      departmentId: option('--department'),
      servicePointId: option('--service-point'),
      agentId: option('--agent'),
    });
    process.stdout.write(`已创建工作人员 ${officer.username}（${officer.name}，${role}，编号 ${officer.id}）。\n`);
    if (generated) process.stdout.write(`初始密码只显示这一次，请登录后立即修改：\n${password}\n`);
    return 0;
  } catch (err) {
    const message = err instanceof OfficerInputError ? err.message : err instanceof Error ? err.message : String(err);
    process.stderr.write(`创建失败：${message}\n`);
    return 1;
  } finally {
    await db.$disconnect();
  }
}

void main().then((code) => process.exit(code));
