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
});
