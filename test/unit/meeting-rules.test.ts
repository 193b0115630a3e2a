/** 联席会议 rules (domain/meeting-rules.ts): which lifecycle events convene a meeting. */
import { DEFAULT_MEETING_RULES, meetingTrigger } from '../../domain/meeting-rules';

const supplement = { type: 'task.supplement_requested', taskId: 'XM-2026-000001.GTJ-01', departmentId: 'GTJ', payload: {} };

describe('meeting rules', () => {
  test('when a department requests supplements while another has accepted, then a disagreement meeting is convened naming both', () => {
    const fired = meetingTrigger(supplement, { investmentWan: 3000, acceptedBy: ['FGW', 'HBJ'] }, DEFAULT_MEETING_RULES);
    expect(fired).toEqual({
      trigger: 'disagreement',
      detail: 'GTJ 对审批任务 XM-2026-000001.GTJ-01 一次性告知补正材料，而 FGW、HBJ 已受理，部门意见不一致',
    });
  });

  test('when nobody else has accepted (or only the requesting department itself), then a supplement request convenes nothing', () => {
    expect(meetingTrigger(supplement, { investmentWan: 3000, acceptedBy: [] }, DEFAULT_MEETING_RULES)).toBeUndefined();
    expect(meetingTrigger(supplement, { investmentWan: 3000, acceptedBy: ['GTJ'] }, DEFAULT_MEETING_RULES)).toBeUndefined();
    expect(meetingTrigger(supplement, { investmentWan: 3000 }, DEFAULT_MEETING_RULES)).toBeUndefined();
  });

  test('when the supplement rule is switched off, then the same disagreement convenes nothing', () => {
    const rules = { ...DEFAULT_MEETING_RULES, onSupplementDisagreement: false };
    expect(meetingTrigger(supplement, { investmentWan: 3000, acceptedBy: ['FGW'] }, rules)).toBeUndefined();
  });

  test('when a prerequisite is refused, then the existing disagreement rule still fires', () => {
    expect(meetingTrigger({ type: 'task.not_started', taskId: 'T', payload: {} }, { investmentWan: 0 }, DEFAULT_MEETING_RULES)?.trigger).toBe('disagreement');
  });

  test('when a major project awaits materials, then the rule waits, and fires when the project is accepted', () => {
    const rules = { ...DEFAULT_MEETING_RULES, majorInvestmentWan: 1000 };
    const submitted = { type: 'project.submitted', payload: {} };
    const accepted = { type: 'project.accepted', payload: {} };
    expect(meetingTrigger(submitted, { investmentWan: 5000, awaitingMaterials: true }, rules)).toBeUndefined();
    expect(meetingTrigger(accepted, { investmentWan: 5000 }, rules)).toEqual({ trigger: 'major_project', detail: '重大项目：总投资 5000 万元，达到 1000 万元' });
    // Accepted on the spot: convened at intake, as before; a small project never.
    expect(meetingTrigger(submitted, { investmentWan: 5000, awaitingMaterials: false }, rules)?.trigger).toBe('major_project');
    expect(meetingTrigger(accepted, { investmentWan: 999 }, rules)).toBeUndefined();
  });
});
