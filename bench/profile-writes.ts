/**
 * The read-model side of the write path, statement by statement (issue #15): runs the local
 * activities of submitProject's first workflow task (loadCalendar, loadRoutingContext,
 * registerProject with the first wave's receipts) and of acceptTask (recordTask) against a copy of
 * a bench read model, and prints every SQL statement each one issues with its duration.
 *
 *   npx tsx bench/profile-writes.ts <read-model.db of a run kept with --keep> [rounds]
 *
 * No Temporal: the activities are called directly, with inputs built as the workflows build them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '../generated/prisma/sqlite/client';
import type { Db } from '../lib/db/client';
import { createLifecycleActivities } from '../activities/lifecycle';
import type { EventInput } from '../activities/events';
import { readyToStart, selectItems } from '../domain/routing';
import { calendarYears } from '../workflows/project/rules';
import { receiptRecord } from '../workflows/task/receipt';
import type { TaskWorkflowInput } from '../workflows/task/contracts';

type Query = { query: string; duration: number };

async function main(): Promise<void> {
  const [source, roundsArg = '5'] = process.argv.slice(2);
  if (!source || !fs.existsSync(source)) throw new Error('用法：npx tsx bench/profile-writes.ts <read-model.db> [轮数]');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'profile-writes-')), 'read-model.db');
  fs.copyFileSync(source, file);
  const client = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: file }), log: [{ emit: 'event', level: 'query' }] });
  const queries: Query[] = [];
  client.$on('query', (e) => queries.push({ query: e.query, duration: e.duration }));
  const db = client as unknown as Db;
  const acts = createLifecycleActivities({ db });
  const template = await db.project.findFirstOrThrow({ orderBy: { submittedAt: 'desc' } });
  type Entry = { ms: number[]; statements: Map<string, number[]> };
  const report = new Map<string, Entry>();
  const timed = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    queries.length = 0;
    const t = performance.now();
    const result = await run();
    const entry: Entry = report.get(name) ?? { ms: [], statements: new Map() };
    entry.ms.push(performance.now() - t);
    queries.forEach((q, i) => {
      const key = `${String(i + 1).padStart(2)} ${q.query.replace(/\s+/g, ' ').slice(0, 110)}`;
      entry.statements.set(key, [...(entry.statements.get(key) ?? []), q.duration]);
    });
    report.set(name, entry);
    return result;
  };

  for (let round = 0; round < Number(roundsArg); round++) {
    const code = `PW-${process.pid}-${round}`;
    const now = Date.now();
    const calendar = await timed('loadCalendar', () => acts.loadCalendar({ years: calendarYears(now, now) }));
    const routing = await timed('loadRoutingContext', () => acts.loadRoutingContext());
    const intake = {
      applicant: { name: template.applicantName, uscc: template.applicantUscc, contact: template.applicantContact as never },
      name: `剖析项目 ${round}`,
      type: template.type,
      location: template.location,
      investmentWan: Number(template.investmentWan),
      greenChannel: false,
      materials: [],
      firstInquiryStaff: template.firstInquiryStaff,
      ...(template.servicePointId ? { servicePointId: template.servicePointId } : {}),
    };
    const items = selectItems(routing.catalogue, intake);
    const first = readyToStart(items, new Set(), new Set());
    const event = (type: string, id: string, payload: object, scope: object = {}) => ({ id, type, projectId: code, occurredAt: now, payload, ...scope }) as unknown as EventInput;
    const receipts = first.map((item) => {
      const args = { taskId: `${code}.${item.id}`, projectId: code, projectCode: code, projectName: intake.name, itemId: item.id, itemName: item.name, departmentId: item.departmentId, statutoryDays: item.statutoryDays, promisedDays: item.promisedDays, greenChannel: false, calendar, yellowPercent: 80, receivedAt: now, receiptRecorded: true } as TaskWorkflowInput;
      const r = receiptRecord(args, now, now, `project-${code}`);
      return { taskId: args.taskId, patch: r.patch, event: event('task.received', `${code}.received.${item.id}`, r.payload, { taskId: args.taskId, departmentId: item.departmentId }) as EventInput<'task.received'> };
    });
    await timed('registerProject (+ receipts)', () =>
      acts.registerProject({
        workflowId: `project-${code}`,
        input: { projectId: code, code, intake, submittedBy: { role: 'window', id: 'bench', name: '剖析' } as never },
        items,
        catalogueVersion: routing.catalogueVersion,
        submittedAt: now,
        event: event('project.submitted', `${code}.submitted`, { code, items: items.map((i) => i.id) }),
        receipts,
      }),
    );
    const task = receipts[0];
    await timed('recordTask (acceptTask)', () =>
      acts.recordTask({
        taskId: task.taskId,
        patch: { ...task.patch, status: 'accepted', acceptedAt: now, version: 2 },
        event: event('task.accepted', `${code}.accepted`, { status: 'accepted', version: 2 }, { taskId: task.taskId, departmentId: first[0].departmentId }),
      }),
    );
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const [name, { ms, statements }] of report) {
    console.log(`\n${name}: ${ms.length} 次，中位 ${median(ms).toFixed(1)} 毫秒（全部：${ms.map((m) => m.toFixed(1)).join(' / ')}）`);
    for (const [sql, d] of statements) console.log(`  ${sql} — 中位 ${median(d)} 毫秒`);
  }
  await client.$disconnect();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
