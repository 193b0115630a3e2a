/*
 * 受理材料核验 (行政许可法 Art. 32): a project whose materials are incomplete at intake is not yet
 * accepted (待补齐材料) — the window's one-time notice lists what every item lacks, no task starts
 * and no clock runs — until submitIntakeMaterials completes them; the acceptance date is then that
 * day. Only for inputs with `checkMaterials` (behind a patch), so older histories replay unchanged.
 */
import { condition, patched, setHandler } from '@temporalio/workflow';
import { distinctMissing, intakeNoticeText, missingMaterials } from '../../domain/intake-materials';
import type { CatalogueItem } from '../../domain/routing';
import type { EventInput } from '../../activities/events';
import { eventBuilder } from '../events';
import { lifecycle } from '../proxies';
import { reject } from '../failures';
import type { MaterialRef } from '../shared';
import { submitIntakeMaterialsUpdate, type ProjectState, type ProjectWorkflowInput } from './contracts';

export const INTAKE_MATERIALS_PATCH = 'intake-materials-check';

export interface IntakeCheckContext {
  input: ProjectWorkflowInput;
  state: ProjectState;
  items: CatalogueItem[];
  /** True once the accepted project's first wave has reached its departments, or it was withdrawn. */
  settled: () => boolean;
  /** The workflow has `patches-at-start`: the check is on without asking `patched()` after the routing await. */
  decidedAtStart: boolean;
}

export interface IntakeCheck {
  /** The first notice (一次性告知) to write with the registration; absent when nothing is missing. */
  notice?: EventInput;
  /** Resolves when the project is accepted or withdrawn; at once when nothing was missing. */
  accepted(): Promise<void>;
}

const names = (materials: readonly MaterialRef[]) => materials.map((m) => m.name);

export function checkIntakeMaterials(ctx: IntakeCheckContext): IntakeCheck {
  const { input, state, items } = ctx;
  // Decided late only in histories from before `patches-at-start` (see workflows/patches-at-start.ts).
  if (!input.checkMaterials || !(ctx.decidedAtStart || patched(INTAKE_MATERIALS_PATCH))) return { accepted: async () => undefined };
  const label = `${input.intake.name}（${input.code}）`;
  const event = eventBuilder(() => ({ projectId: input.projectId, agentId: input.intake.agentId }), undefined, 'intake');
  const submitted: MaterialRef[] = [...input.intake.materials];
  const missing = missingMaterials(items, submitted);
  if (missing.length === 0) {
    state.acceptedOnTheSpot = true;
    return { accepted: async () => undefined };
  }
  state.status = 'awaiting_materials';
  state.missingMaterials = missing;
  const notice = event('project.materials_required', input.submittedBy, { missing, message: intakeNoticeText(label, missing) });

  setHandler(
    submitIntakeMaterialsUpdate,
    async ({ actor, materials }) => {
      const at = Date.now();
      // A submission racing the one that completed the intake is still filed, as received after acceptance.
      const wasWaiting = state.status === 'awaiting_materials';
      submitted.push(...materials);
      const still = missingMaterials(items, submitted);
      const file = { materials, submittedAt: at };
      if (!wasWaiting || still.length > 0) {
        if (wasWaiting) state.missingMaterials = still;
        const message = wasWaiting
          ? `${label}收到补齐材料 ${materials.length} 份，仍缺 ${distinctMissing(still).length} 项：${distinctMissing(still).join('、')}`
          : `${label}收到材料 ${materials.length} 份（项目已受理）`;
        await lifecycle.recordProject({
          projectId: input.projectId,
          patch: wasWaiting ? { missingMaterials: still } : {},
          materials: file,
          event: event('project.intake_materials_received', actor, { materials: names(materials), missing: wasWaiting ? still : [], message }, { occurredAt: at }),
        });
        return state;
      }
      state.status = 'in_review';
      state.missingMaterials = [];
      state.acceptedAt = at;
      await lifecycle.recordProject({
        projectId: input.projectId,
        patch: { status: 'in_review', acceptedAt: at, missingMaterials: null },
        materials: file,
        event: event('project.accepted', actor, { materials: names(materials), message: `${label}材料已齐全，予以受理，各审批事项自今日起计时` }, { occurredAt: at }),
      });
      // Answer once the first wave shows as received, like intake does.
      await condition(ctx.settled);
      return state;
    },
    {
      validator: ({ materials }) => {
        if (state.status !== 'awaiting_materials') reject('not_waiting_for_materials', '项目已受理或已撤回，不在待补齐材料状态');
        if (materials.length === 0) reject('invalid_input', '请至少提交一份材料');
      },
    },
  );
  return { notice, accepted: () => condition(() => state.status !== 'awaiting_materials') };
}
