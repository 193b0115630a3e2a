/**
 * api/routes/task-actions.ts untilTaskStarted: a first-wave task is shown received with its project's
 * registration, before the engine has started its workflow (workflows/project: receipts-at-registration);
 * a department acting on it at once must not be told the task is missing.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { requestUpdateId, untilTaskStarted } from '../../api/routes/task-actions';
import type { ProblemError } from '../../api/http/problem';
import type { TaskStatus } from '../../domain/vocabulary';

const notFound = () => new WorkflowNotFoundError('workflow not found', 'task-XM-1.FGW-01', undefined);

/** An update that finds no workflow for the first `missing` calls, then answers. */
function engine(missing: number) {
  let calls = 0;
  return {
    calls: () => calls,
    update: async () => {
      calls += 1;
      if (calls <= missing) throw notFound();
      return { status: 'accepted' };
    },
  };
}

const status = (s: TaskStatus | undefined) => async () => s;

describe('任务流程尚未启动时的签收 / acting on a task before its workflow exists', () => {
  test('when a received task has no workflow for the first calls, then the update is repeated until the workflow answers', async () => {
    const e = engine(3);
    await expect(untilTaskStarted(e.update, status('received'))).resolves.toEqual({ status: 'accepted' });
    expect(e.calls()).toBe(4);
  });

  test('when a received task still has no workflow after the wait, then the answer is 503 with Retry-After, not 404', async () => {
    const e = engine(Number.POSITIVE_INFINITY);
    const err = (await untilTaskStarted(e.update, status('received'), 100).catch((x: unknown) => x)) as ProblemError;
    expect(err.status).toBe(503);
    expect(err.headers['Retry-After']).toBe('2');
    expect(err.detail).toContain('正在启动');
    expect(e.calls()).toBeGreaterThan(1);
  });

  test('when a concluded task has no workflow, then the answer is 409 already_decided at once', async () => {
    const e = engine(Number.POSITIVE_INFINITY);
    const err = (await untilTaskStarted(e.update, status('decided')).catch((x: unknown) => x)) as ProblemError;
    expect([err.status, err.reason]).toEqual([409, 'already_decided']);
    expect(e.calls()).toBe(1);
  });

  test('when an accepted task has no workflow, then it is missing (404) at once, without waiting', async () => {
    const e = engine(Number.POSITIVE_INFINITY);
    const err = (await untilTaskStarted(e.update, status('accepted')).catch((x: unknown) => x)) as ProblemError;
    expect(err.status).toBe(404);
    expect(e.calls()).toBe(1);
  });

  test('when Temporal refuses the update because the workflow task failed (a killed worker), then the same update is sent again until it runs', async () => {
    let calls = 0;
    const refused = Object.assign(new Error('9 FAILED_PRECONDITION: Unable to perform workflow execution update due to Workflow Task in failed state.'), { code: 9 });
    const update = async () => {
      calls += 1;
      if (calls <= 2) throw Object.assign(new Error('Workflow Update failed'), { name: 'ServiceError', cause: refused });
      return { status: 'accepted' };
    };
    await expect(untilTaskStarted(update, status('accepted'))).resolves.toEqual({ status: 'accepted' });
    expect(calls).toBe(3);
    const never = async () => {
      throw Object.assign(new Error('Workflow Update failed'), { name: 'ServiceError', cause: refused });
    };
    const err = (await untilTaskStarted(never, status('accepted'), 100).catch((x: unknown) => x)) as ProblemError;
    expect([err.status, err.headers['Retry-After']]).toEqual([503, '2']);
  });
});

test('when a competing update is aborted because the decision closed the workflow, then the answer is 409 already_decided at once, not a wait', async () => {
  let calls = 0;
  const aborted = async () => {
    calls += 1;
    throw new WorkflowNotFoundError('workflow update was aborted by closing workflow', 'task-XM-1.FGW-01', undefined);
  };
  const err = (await untilTaskStarted(aborted, status('decided')).catch((x: unknown) => x)) as ProblemError;
  expect([err.status, err.reason, calls]).toEqual([409, 'already_decided', 1]);
});

describe('一个请求一个 update 编号 / one update id per request', () => {
  const actor = { role: 'department' as const, keyId: 'key-1', name: '县住建局', departmentId: 'ZJJ' };

  test('when the same caller repeats the same action on the same version, then the update id is the same; anything different gives another id', () => {
    const id = requestUpdateId('XM-1.ZJJ-01', 'acceptTask', 3, actor, { note: '齐全' });
    expect(requestUpdateId('XM-1.ZJJ-01', 'acceptTask', 3, { ...actor }, { note: '齐全' })).toBe(id);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    const others = [
      requestUpdateId('XM-1.ZJJ-01', 'acceptTask', 4, actor, { note: '齐全' }),
      requestUpdateId('XM-1.ZJJ-02', 'acceptTask', 3, actor, { note: '齐全' }),
      requestUpdateId('XM-1.ZJJ-01', 'decideTask', 3, actor, { note: '齐全' }),
      requestUpdateId('XM-1.ZJJ-01', 'acceptTask', 3, { ...actor, keyId: 'key-2' }, { note: '齐全' }),
      requestUpdateId('XM-1.ZJJ-01', 'acceptTask', 3, { ...actor, officerId: 'OF-7' }, { note: '齐全' }),
      requestUpdateId('XM-1.ZJJ-01', 'acceptTask', 3, actor, { note: '不齐' }),
    ];
    expect(new Set([id, ...others]).size).toBe(others.length + 1);
  });
});
