// Event ids from content (issue #15). A workflow task that fails after a local write is retried
// with any input that arrived meanwhile, which the SDK may process first. Ids taken from the run's
// random sequence then shift (a new event takes the id already written and is skipped; the old one
// is written again); ids derived from the event's content must not.

const workflow = {
  info: { workflowId: 'task-XM-1-T1', runId: 'run-1' },
  patchedNow: true,
  updateId: undefined as string | undefined,
  sequence: 0,
};

jest.mock('@temporalio/workflow', () => ({
  workflowInfo: () => workflow.info,
  patched: () => workflow.patchedNow,
  currentUpdateInfo: () => (workflow.updateId ? { id: workflow.updateId, name: 'u' } : undefined),
  // The old scheme: the run's deterministic sequence, one value per call.
  uuid4: () => `seq-${++workflow.sequence}`,
}));

import { createdId, eventBuilder } from '../../workflows/events';
import { EventIds, nameUuid } from '../../workflows/event-ids';
import { SYSTEM_ACTOR } from '../../workflows/shared';

/** One workflow task's attempt: a fresh builder (a replay rebuilds it) running the inputs in the given order. */
function attempt(order: Array<(event: ReturnType<typeof build>) => { label: string; id: string }>): Map<string, string> {
  workflow.sequence = 0;
  const event = build();
  const ids = new Map<string, string>();
  for (const step of order) {
    const { label, id } = step(event);
    ids.set(label, id);
  }
  workflow.updateId = undefined;
  return ids;
}

const build = () => eventBuilder(() => ({ projectId: 'XM-1', taskId: 'T1', departmentId: 'D1' }));

/** An update (its id given by the client) that accepts the task. */
const accept = (event: ReturnType<typeof build>) => {
  workflow.updateId = 'update-accept';
  const id = event('task.accepted', SYSTEM_ACTOR, { status: 'accepted', version: 2, note: undefined } as never).id;
  workflow.updateId = undefined;
  return { label: 'accept', id };
};
/** A second update of the same type as the first (two material submissions to one project). */
const submission = (updateId: string) => (event: ReturnType<typeof build>) => {
  workflow.updateId = updateId;
  const id = event('project.intake_materials_received', SYSTEM_ACTOR, { materials: [], missing: [], message: updateId }).id;
  workflow.updateId = undefined;
  return { label: updateId, id };
};
/** A signal (no id of its own) that re-projects the deadline. */
const calendar = (event: ReturnType<typeof build>) => ({
  label: 'calendar',
  id: event('task.deadline_reprojected', SYSTEM_ACTOR, { status: 'received', version: 1, dueDateChanged: false, message: '' } as never).id,
});
/** An alarm of the main loop. */
const light = (event: ReturnType<typeof build>) => ({
  label: 'light',
  id: event('task.light_changed', SYSTEM_ACTOR, { status: 'received', version: 1, from: 'green', to: 'yellow' } as never).id,
});

describe('content-derived event ids', () => {
  beforeEach(() => {
    workflow.patchedNow = true;
    workflow.info = { workflowId: 'task-XM-1-T1', runId: 'run-1' };
  });

  it('when a retried task processes a newly arrived signal before the update it had already written, then the update keeps its id and the signal gets a new one', () => {
    const first = attempt([accept]);
    const retry = attempt([calendar, accept]);
    expect(retry.get('accept')).toBe(first.get('accept'));
    expect(retry.get('calendar')).not.toBe(first.get('accept'));
  });

  it('when two updates of the same event type arrive in the other order on retry, then each keeps its own id', () => {
    const first = attempt([submission('update-1'), submission('update-2')]);
    const retry = attempt([submission('update-2'), submission('update-1')]);
    expect(retry.get('update-1')).toBe(first.get('update-1'));
    expect(retry.get('update-2')).toBe(first.get('update-2'));
    expect(first.get('update-1')).not.toBe(first.get('update-2'));
  });

  it('when an alarm and a signal swap places, then both keep their ids', () => {
    const first = attempt([light, calendar]);
    const retry = attempt([calendar, light]);
    expect(retry).toEqual(first);
  });

  it('when the same alarm type rings twice in one run, then the two events have different ids', () => {
    const event = build();
    const twice = [light(event).id, light(event).id];
    expect(new Set(twice).size).toBe(2);
  });

  it('when the workflow continued as new, then the new run does not reuse its predecessor’s ids', () => {
    const first = attempt([accept]);
    workflow.info = { workflowId: 'task-XM-1-T1', runId: 'run-2' };
    expect(attempt([accept]).get('accept')).not.toBe(first.get('accept'));
  });

  it('when a second builder in the same run emits the same type, then it names itself and counts its own ids', () => {
    const main = eventBuilder(() => ({ projectId: 'XM-1' }));
    const intake = eventBuilder(() => ({ projectId: 'XM-1' }), undefined, 'intake');
    expect(main('project.withdrawn', SYSTEM_ACTOR, { reason: 'x' }).id).not.toBe(intake('project.withdrawn', SYSTEM_ACTOR, { reason: 'x' }).id);
  });

  it('when the run started before the patch (no marker in its history), then ids still come from the run’s sequence', () => {
    workflow.patchedNow = false;
    expect(attempt([accept, calendar])).toEqual(new Map([['accept', 'seq-1'], ['calendar', 'seq-2']]));
  });

  it('when the id is formatted, then it is an RFC 4122 version-5 UUID (known vector for www.example.com in the DNS namespace)', () => {
    expect(nameUuid('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    // Non-ASCII names are hashed as UTF-8 (vector from Python's uuid.uuid5).
    expect(nameUuid('4b6d2a51-8f0e-4c1b-9d57-2f3e8a6c1b90', '审批|τ|😀')).toBe('1e909983-5b37-55d7-ab52-0f56cb7f555e');
  });

  it('when ids are allocated for different tasks of one project workflow, then equal types on different tasks differ', () => {
    const ids = new EventIds('project-XM-1/run-1');
    expect(ids.next({ type: 'task.cancelled', scope: { taskId: 'T1' } })).not.toBe(ids.next({ type: 'task.cancelled', scope: { taskId: 'T2' } }));
  });

  describe('ids of objects an update creates (a notice, a period, an extension request)', () => {
    const inUpdate = (updateId: string | undefined, kind: string) => {
      workflow.updateId = updateId;
      const id = createdId(kind);
      workflow.updateId = undefined;
      return id;
    };

    it('when a retried task creates the notices of two updates in the other order, then each notice keeps its id', () => {
      workflow.sequence = 0;
      const first = [inUpdate('update-1', 'notice'), inUpdate('update-2', 'notice')];
      workflow.sequence = 0;
      const retry = [inUpdate('update-2', 'notice'), inUpdate('update-1', 'notice')];
      expect(retry).toEqual([first[1], first[0]]);
      expect(first[0]).not.toBe(first[1]);
    });

    it('when one update creates objects of two kinds, then their ids differ', () => {
      expect(inUpdate('update-1', 'intermediary-period')).not.toBe(inUpdate('update-1', 'excluded-period'));
    });

    it('when the run started before the patch, or no update is running, then the id comes from the run’s sequence', () => {
      workflow.sequence = 0;
      expect(inUpdate(undefined, 'notice')).toBe('seq-1');
      workflow.patchedNow = false;
      expect(inUpdate('update-1', 'notice')).toBe('seq-2');
    });
  });
});
