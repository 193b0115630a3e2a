import { msUntilBeijingMidnight } from '../support/midnight';

describe('the wait before Beijing midnight (test support)', () => {
  test('when it is 23:58 in Beijing (15:58 UTC), then two minutes are left of the day', () => {
    expect(msUntilBeijingMidnight(Date.parse('2026-11-30T15:58:00Z'))).toBe(2 * 60_000);
  });

  test('when it is 00:00 in Beijing, then a whole day is left, and at 08:00 sixteen hours', () => {
    expect(msUntilBeijingMidnight(Date.parse('2026-11-30T16:00:00Z'))).toBe(86_400_000);
    expect(msUntilBeijingMidnight(Date.parse('2026-12-01T00:00:00Z'))).toBe(16 * 3_600_000);
  });
});
