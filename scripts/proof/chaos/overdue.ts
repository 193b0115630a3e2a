/**
 * Projects whose first-wave tasks are already past their deadlines: started directly on
 * Temporal (the gateway never sets `receivedAt`) with the one-window receipt some working days
 * back, so every alarm between then and now — deemed acceptance, yellow, red, statutory breach —
 * must fire, in legal order, while the run kills the worker and restarts the server.
 */
import type { Client } from '@temporalio/client';
import { createWorkCalendar, isWorkingDay, shanghaiDateOf, shanghaiStartOfDay, addDays } from '../../../domain/clock';
import type { Db } from '../../../lib/db/client';
import { loadSchedules } from '../../../lib/calendar';
import { DEMO_CATALOGUE_FILE, readCatalogue, type DevCredential } from '../../../lib/seed';
import { projectWorkflowId, type ProjectWorkflowInput } from '../../../workflows/project/contracts';
import type { projectWorkflow } from '../../../workflows';
import { APPLICANT, FIRST_WAVE } from './clients';
import { persistently } from './http';

export const overdueCode = (i: number) => `XM-CHAOS-${String(i).padStart(4, '0')}`;
export const overdueName = (i: number) => `混沌超期项目-${String(i).padStart(3, '0')}`;

/**
 * Receipt instant (10:00 Asia/Shanghai) this many working days back that every first-wave task's
 * promised deadline has passed, with a margin: the longest promised limit plus three.
 */
export async function pastReceipt(db: Db, now = Date.now()): Promise<{ at: number; workingDaysBack: number }> {
  const items = readCatalogue(DEMO_CATALOGUE_FILE).items.filter((i) => FIRST_WAVE.includes(i.id));
  const workingDaysBack = Math.max(...items.map((i) => i.promisedDays)) + 3;
  const today = shanghaiDateOf(now);
  const year = Number(today.slice(0, 4));
  const calendar = createWorkCalendar(await loadSchedules(db, [year - 1, year]));
  let date = today;
  for (let counted = 0; counted < workingDaysBack; ) {
    date = addDays(date, -1);
    if (isWorkingDay(calendar, date)) counted++;
  }
  return { at: shanghaiStartOfDay(date) + 10 * 3600_000, workingDaysBack };
}

export async function startOverdueProject(
  temporal: Client,
  taskQueue: string,
  windowKey: DevCredential,
  code: string,
  name: string,
  receivedAt: number,
): Promise<void> {
  const input: ProjectWorkflowInput = {
    projectId: code,
    code,
    submittedBy: { role: 'window', keyId: windowKey.keyId, name: windowKey.label },
    intake: {
      applicant: APPLICANT,
      name,
      type: 'industrial',
      location: '城东工业园 5 号地块',
      investmentWan: 5000,
      greenChannel: false,
      materials: [{ name: '项目申请报告', copies: 1 }],
      firstInquiryStaff: '李窗口',
      servicePointId: windowKey.servicePointId,
    },
    receivedAt,
  };
  await persistently(`启动超期项目 ${code}`, () =>
    temporal.workflow.start<typeof projectWorkflow>('projectWorkflow', {
      workflowId: projectWorkflowId(code),
      taskQueue,
      args: [input],
      // A retried start after a lost answer joins the run it already created.
      workflowIdConflictPolicy: 'USE_EXISTING',
    }),
  );
}
