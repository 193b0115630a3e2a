/*
 * 会签 (countersign) on Temporal's time-skipping test server, with typed jest.fn activities and a
 * calendar where only weekends are off. Started on Monday 09:00 Shanghai (D) with 5 working days:
 *     reminder   floor(5 × 80 %) = 4th working day → D+4 (Fri) 24:00
 *     deadline   D+1..D+4, D+7                     → D+7 (Mon) 24:00
 */
import { shanghaiAt, useTimeSkippingWorker } from '../support/temporal';
import { countersignEvents, mockCoordination } from '../support/mock-coordination';
import { exportHistory } from '../support/histories';
import { searchAttributes } from '../../workflows/search-attributes';
import type { countersignWorkflow } from '../../workflows';
import { rejectionOf } from '../../api/temporal-errors';
import { addDays } from '../../domain/clock';
import type { Actor } from '../../workflows/shared';
import { countersignStartedUpdate, countersignStateQuery, countersignWorkflowId, signCountersignUpdate, type CountersignInput } from '../../workflows/countersign/contracts';

const QUEUE = 'countersign';
const lead: Actor = { role: 'department', keyId: 'key-FGW', departmentId: 'FGW', name: '县发改局' };
const gtj: Actor = { role: 'department', keyId: 'key-GTJ', departmentId: 'GTJ', name: '县自然资源局' };
const hbj: Actor = { role: 'department', keyId: 'key-HBJ', departmentId: 'HBJ', name: '县生态环境局' };
const minute = (ms: number) => ms - (ms % 60_000);

describe('countersign (会签)', () => {
  const acts = mockCoordination();
  const h = useTimeSkippingWorker(QUEUE, acts);
  const refusal = (p: Promise<unknown>) => p.then(() => undefined, (err: unknown) => rejectionOf(err)?.reason);

  test('when one department declines then signs and another signs only after the deadline, then it is reminded, marked overdue for the late one, and completes with every opinion', async () => {
    const d = await h.nextMonday(9);
    const input: CountersignInput = {
      countersignId: 'HQ-TEST-1',
      projectId: 'XM-2026-000001',
      subject: '智能仓储物流中心（XM-2026-000001）',
      leadDepartmentId: 'FGW',
      departmentIds: ['GTJ', 'HBJ'],
      title: '关于项目选址的联合意见',
      draft: '同意在城东工业园 5 号地块选址建设。',
      workingDays: 5,
      startedBy: lead,
      yellowPercent: 80,
    };
    const handle = await h.env.client.workflow.start<typeof countersignWorkflow>('countersignWorkflow', { taskQueue: QUEUE, workflowId: countersignWorkflowId(input.countersignId), args: [input] });
    const started = await handle.executeUpdate(countersignStartedUpdate);
    // What an operator filters on in the Temporal UI / CLI: kind, project, lead department, light.
    const visible = async () => {
      const { typedSearchAttributes: a } = await handle.describe();
      return [a.get(searchAttributes.kind), a.get(searchAttributes.projectCode), a.get(searchAttributes.department), a.get(searchAttributes.light)];
    };
    expect(await visible()).toEqual(['countersign', 'XM-2026-000001', 'FGW', 'green']);
    expect(started).toMatchObject({ status: 'open', dueDate: addDays(d, 7), reminderDate: addDays(d, 4) });
    const first = acts.recordCountersign.mock.calls[0][0];
    expect(first.create).toMatchObject({ leadDepartmentId: 'FGW', departmentIds: ['GTJ', 'HBJ'], dueDate: addDays(d, 7), workflowId: 'countersign-HQ-TEST-1' });
    expect(first.events.map((e) => [e.type, e.departmentId])).toEqual([
      ['countersign.started', 'FGW'],
      ['countersign.requested', 'GTJ'],
      ['countersign.requested', 'HBJ'],
    ]);

    // Refusals: an outsider, a decline without reasons.
    expect(await refusal(handle.executeUpdate(signCountersignUpdate, { args: [{ actor: lead, departmentId: 'ZJJ', decision: 'sign' }] }))).toBe('illegal_transition');
    expect(await refusal(handle.executeUpdate(signCountersignUpdate, { args: [{ actor: hbj, departmentId: 'HBJ', decision: 'decline', reasons: ['  '] }] }))).toBe('invalid_input');

    // GTJ declines, then signs; a signature is final.
    const declined = await handle.executeUpdate(signCountersignUpdate, { args: [{ actor: gtj, departmentId: 'GTJ', decision: 'decline', reasons: ['选址与生态保护红线的距离需核实'] }] });
    expect(declined.signatures[0]).toMatchObject({ departmentId: 'GTJ', status: 'declined', declines: 1, reasons: ['选址与生态保护红线的距离需核实'] });
    const signed = await handle.executeUpdate(signCountersignUpdate, { args: [{ actor: gtj, departmentId: 'GTJ', decision: 'sign', opinion: '经核实距离符合要求，同意' }] });
    expect(signed.signatures[0]).toMatchObject({ status: 'signed', opinion: '经核实距离符合要求，同意', declines: 1 });
    expect(signed.status).toBe('open');
    expect(await refusal(handle.executeUpdate(signCountersignUpdate, { args: [{ actor: gtj, departmentId: 'GTJ', decision: 'decline', reasons: ['改变主意'] }] }))).toBe('already_signed');

    // The yellow point reminds only HBJ (the light turns yellow); the deadline marks only HBJ overdue (red).
    await h.sleepUntil(shanghaiAt(addDays(d, 5), 9));
    await h.settled(handle);
    expect((await visible())[3]).toBe('yellow');
    await h.sleepUntil(shanghaiAt(addDays(d, 7), 25));
    await h.settled(handle);
    expect((await visible())[3]).toBe('red');
    const timed = countersignEvents(acts.recordCountersign.mock.calls.map(([w]) => w))
      .filter((e) => e.actor?.role === 'system')
      .map((e) => [e.type, e.departmentId, minute(e.occurredAt)]);
    expect(timed).toEqual([
      ['countersign.reminded', 'HBJ', shanghaiAt(addDays(d, 4), 24)],
      ['countersign.overdue', 'HBJ', shanghaiAt(addDays(d, 7), 24)],
    ]);
    expect(await handle.query(countersignStateQuery)).toMatchObject({ status: 'overdue' });

    const done = await handle.executeUpdate(signCountersignUpdate, { args: [{ actor: hbj, departmentId: 'HBJ', decision: 'sign' }] });
    expect(done).toMatchObject({ status: 'completed', signatures: [{ status: 'signed' }, { status: 'signed', declines: 0 }] });
    const result = await handle.result();
    expect(result.status).toBe('completed');
    const last = acts.recordCountersign.mock.calls.at(-1)![0];
    expect(last.patch).toMatchObject({ status: 'completed' });
    expect(last.events.map((e) => e.type)).toEqual(['countersign.signed', 'countersign.completed']);
    await exportHistory(handle, 'countersign-completed');
  });
});
