// Official schedules shipped with the product. To add a year: drop YYYY.json next to this file
// (same shape, source "official", transcribed from the 国务院办公厅 notice) and list it below.
// Validation runs at import so a typo fails every test instead of a deadline in production.

import { validateYearSchedule, type YearSchedule } from '../../clock/calendar';
import raw2026 from './2026.json';

export const OFFICIAL_SCHEDULES: readonly YearSchedule[] = Object.freeze([raw2026].map(validateYearSchedule));

export function officialSchedule(year: number): YearSchedule | undefined {
  return OFFICIAL_SCHEDULES.find((s) => s.year === year);
}
