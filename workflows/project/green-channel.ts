/*
 * 绿色通道 granted after intake by the efficiency office (with a reason): the project's record and
 * every task row move up the department queues, running tasks switch to their items' green-channel
 * promised limits, and tasks that start later start green. Kept out of workflow.ts, which only asks
 * `granted()` when it starts a task; a history without the update replays exactly as before.
 */
import { getExternalWorkflowHandle, setHandler } from '@temporalio/workflow';
import type { EventInput } from '../../activities/events';
import { SYSTEM_ACTOR } from '../shared';
import type { CatalogueItem } from '../../domain/routing';
import type { lifecycle } from '../proxies';
import { reject } from '../failures';
import type { EventBuilder } from '../events';
import { greenChannelSignal, taskWorkflowId } from '../task/contracts';
import { grantGreenChannelUpdate, type ProjectState, type ProjectWorkflowInput } from './contracts';

export interface GreenChannelContext {
  input: ProjectWorkflowInput;
  state: ProjectState;
  /** Items routed at intake, for their green-channel limits. */
  items: () => CatalogueItem[];
  /** Items whose task workflow is running now. */
  runningItems: () => string[];
  /** True once the project no longer accepts changes (withdrawn, or the reply is being compiled). */
  closed: () => boolean;
  /** The run's lifecycle proxy (local or not, see `lifecycleWrites`). */
  writes: typeof lifecycle;
  /** The project's event builder. */
  event: EventBuilder<Record<never, never>>;
}

export interface GreenChannel {
  /** The green channel applies to tasks started from now on (at intake, or granted since). */
  active(): boolean;
  /** A task that started non-green while a grant was being applied gets the grant now. */
  catchUp(itemId: string, startedGreen: boolean): Promise<void>;
  /** The catalogue rule's grant (目录规则), to be written with the registration; absent otherwise. */
  ruleGrant?: EventInput;
}

/** The reason recorded for a green channel the catalogue grants to a listed project type. */
export const CATALOGUE_RULE_REASON = '目录规则';

export function registerGreenChannel(ctx: GreenChannelContext): GreenChannel {
  const { input, state } = ctx;
  const tell = (itemId: string, limits: Map<string, number | null>) =>
    getExternalWorkflowHandle(taskWorkflowId(`${input.code}.${itemId}`))
      .signal(greenChannelSignal, { greenChannelDays: limits.get(itemId) ?? null, reason: state.greenChannel!.reason, actor: state.greenChannel!.grantedBy })
      .catch(() => undefined); // concluded meanwhile: nothing left to speed up
  const limitsOf = () => new Map(ctx.items().map((i) => [i.id, i.greenChannelDays ?? null]));
  // State only (no command), so histories without the rule replay as before.
  let ruleGrant: EventInput | undefined;
  if (input.greenChannelRule) {
    state.greenChannel = { reason: CATALOGUE_RULE_REASON, grantedBy: SYSTEM_ACTOR, grantedAt: Date.now() };
    const { projectTypeName } = input.greenChannelRule;
    ruleGrant = ctx.event(
      'project.green_channel_granted',
      SYSTEM_ACTOR,
      {
        reason: CATALOGUE_RULE_REASON,
        rule: { projectTypeName },
        message: `${input.intake.name}（${input.code}）属审批事项目录列明的绿色通道项目类型“${projectTypeName}”，按目录规则走绿色通道`,
      },
      { occurredAt: state.greenChannel.grantedAt },
    );
  }
  setHandler(
    grantGreenChannelUpdate,
    async ({ actor, reason }) => {
      state.greenChannel = { reason, grantedBy: actor, grantedAt: Date.now() };
      await ctx.writes.recordProject({
        projectId: input.projectId,
        patch: { greenChannel: true },
        event: ctx.event(
          'project.green_channel_granted',
          actor,
          { reason, message: `${input.intake.name}（${input.code}）经县效能办批准走绿色通道：${reason}` },
          { occurredAt: state.greenChannel.grantedAt },
        ),
      });
      const limits = limitsOf();
      await Promise.all(ctx.runningItems().map((itemId) => tell(itemId, limits)));
      return state;
    },
    {
      validator: ({ reason }) => {
        if (!state.registered) reject('illegal_transition', '项目尚未完成受理登记，请稍后再试');
        if (ctx.closed()) reject('project_closed', '项目已撤回或已办结，不能再开通绿色通道');
        if (input.intake.greenChannel || state.greenChannel) reject('already_granted', '该项目已走绿色通道');
        if (reason.trim() === '') reject('invalid_input', '开通绿色通道必须说明理由');
      },
    },
  );
  return {
    ruleGrant,
    active: () => input.intake.greenChannel || state.greenChannel !== undefined,
    catchUp: async (itemId, startedGreen) => {
      if (!startedGreen && state.greenChannel) await tell(itemId, limitsOf());
    },
  };
}
