import { openApiDocument, type JsonObject } from '../../api/http/openapi-document';
import { clockSnapshots, summarize, SUMMARIES, type TimelineEventRow, type TimelineTaskRow } from '../../api/timeline';

const schemas = (openApiDocument().components as JsonObject).schemas as Record<string, JsonObject>;
const eventTypes = schemas.EventType.enum as string[];
/** The approval lifecycle and tracking; other features add their own lines next to these. */
const LIFECYCLE_AND_TRACKING = /^(project|task|supervision|milestone|satisfaction|calendar)\./;
/** Task event types that belong to features still being built; they fall back to the payload message. */
const PENDING_ELSEWHERE = ['task.delegation_expired'];

const ctx = (payload: Record<string, unknown>) => ({ department: '县住建局', item: '施工许可', payload });
let seq = 0;
const ev = (type: string, payload: Record<string, unknown>, taskId: string | null = 'T1'): TimelineEventRow => ({
  seq: ++seq,
  id: `e${seq}`,
  type,
  taskId,
  departmentId: taskId ? 'ZJJ' : null,
  actor: null,
  payload,
  occurredAt: new Date(0),
});

describe('timeline summaries', () => {
  it('when the contract lists a lifecycle or tracking event type, then the timeline has its own Chinese summary for it', () => {
    const lifecycle = eventTypes.filter((t) => LIFECYCLE_AND_TRACKING.test(t) && !PENDING_ELSEWHERE.includes(t));
    expect(lifecycle).toEqual(expect.arrayContaining(['project.submitted', 'task.decided', 'milestone.overdue', 'project.tracking_closed']));
    expect(lifecycle.filter((t) => !SUMMARIES[t as keyof typeof SUMMARIES])).toEqual([]);
  });

  it('when an event type has no summary of its own, then the line is its payload message, else a generic one', () => {
    expect(summarize('complaint.filed', ctx({ message: '申请人投诉窗口服务' }))).toBe('申请人投诉窗口服务');
  });

  it('when summarising task and tracking events, then the line names the department, the item and the facts', () => {
    expect(summarize('task.accepted', ctx({}))).toBe('县住建局签收受理“施工许可”');
    expect(summarize('task.decided', ctx({ decision: { decision: 'approved_with_conditions' } }))).toBe('县住建局对“施工许可”作出决定：附条件准予许可');
    expect(summarize('milestone.recorded', ctx({ kind: 'completion', plannedDate: '2027-06-30', previousPlannedDate: '2027-03-31', actualDate: null }))).toBe(
      '竣工计划日期由 2027-03-31 调整为 2027-06-30',
    );
    expect(summarize('project.tracking_closed', ctx({ cause: 'completed' }))).toBe('项目已投产，跟踪服务完成');
    expect(summarize('something.new', ctx({}))).toBe('事件：something.new');
  });
});

describe('timeline clock snapshots', () => {
  it('when task events carry status and some due dates, then each snapshot carries the last known dates, a suspension pauses them, and the latest event gets the row clock', () => {
    const events = [
      ev('project.submitted', { items: ['ZJJ-01'] }, null),
      ev('task.received', { status: 'received', version: 1, statutoryDueDate: '2026-10-22', promisedDueDate: '2026-10-09' }),
      ev('task.supplement_requested', { status: 'supplement_requested', version: 2 }),
      ev('task.supplement_received', { status: 'received', version: 3, statutoryDueDate: '2026-10-29', promisedDueDate: '2026-10-16' }),
      ev('task.accepted', { status: 'accepted', version: 4 }),
    ];
    const task: TimelineTaskRow = {
      id: 'T1',
      version: 4,
      statutoryDueDate: '2026-10-29',
      promisedDueDate: '2026-10-16',
      clock: { workingDaysRemaining: 7 },
      item: { name: '施工许可' },
    };
    const snapshots = clockSnapshots(events, [task]);
    expect(snapshots.has(events[0].id)).toBe(false);
    expect(events.slice(1).map((e) => snapshots.get(e.id))).toEqual([
      { state: 'running', statutoryDueDate: '2026-10-22', promisedDueDate: '2026-10-09', workingDaysRemaining: null },
      { state: 'suspended', statutoryDueDate: null, promisedDueDate: null, workingDaysRemaining: null },
      { state: 'running', statutoryDueDate: '2026-10-29', promisedDueDate: '2026-10-16', workingDaysRemaining: null },
      { state: 'running', statutoryDueDate: '2026-10-29', promisedDueDate: '2026-10-16', workingDaysRemaining: 7 },
    ]);
  });
});
