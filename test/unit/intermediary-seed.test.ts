/** The county's dev intermediaries: every USCC has a valid check character, each service family is there, and a bad file is refused. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isValidUscc } from '../../domain/uscc';
import { DEV_INTERMEDIARIES_FILE, readIntermediaries } from '../../lib/seed';

describe('dev intermediaries (中介机构开发种子)', () => {
  test('when the seed file is read, then every firm has a valid USCC, a unique id and the five service families are covered', () => {
    const list = readIntermediaries();
    expect(list.every((x) => isValidUscc(x.uscc))).toBe(true);
    expect(new Set(list.map((x) => x.id)).size).toBe(list.length);
    expect(new Set(list.map((x) => x.uscc)).size).toBe(list.length);
    const kinds = list.flatMap((x) => x.serviceKinds).join('、');
    for (const family of ['测绘', '环境影响评价', '安全预评价', '节能报告', '施工图设计文件审查']) expect(kinds).toContain(family);
  });

  test('when a firm in the file has a wrong check character, then reading it fails naming the firm', () => {
    const raw = JSON.parse(fs.readFileSync(DEV_INTERMEDIARIES_FILE, 'utf8')) as { intermediaries: { id: string; uscc: string }[] };
    const first = raw.intermediaries[0];
    first.uscc = first.uscc.slice(0, 17) + (first.uscc[17] === '0' ? '1' : '0');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zj-')), 'intermediaries.json');
    fs.writeFileSync(file, JSON.stringify(raw));
    expect(() => readIntermediaries(file)).toThrow(new RegExp(`校验位不正确：${first.id}`));
  });
});
