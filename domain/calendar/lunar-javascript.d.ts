// Minimal typings for the parts of lunar-javascript 1.7.x we use (the package ships none):
// Solar/Lunar in provisional.ts, HolidayUtil only in tests to cross-check the official data.
declare module 'lunar-javascript' {
  export class Solar {
    static fromYmd(year: number, month: number, day: number): Solar;
    getYear(): number;
    getMonth(): number;
    getDay(): number;
    /** 'YYYY-MM-DD' */
    toYmd(): string;
    /** Shifts by whole days (negative allowed). */
    next(days: number): Solar;
    getLunar(): Lunar;
  }

  export class Lunar {
    /** Lunar year/month/day; a negative month denotes a leap month. */
    static fromYmd(lunarYear: number, lunarMonth: number, lunarDay: number): Lunar;
    getSolar(): Solar;
    /** Solar term name (Chinese, e.g. '清明') → the solar date it falls on, around this lunar year. */
    getJieQiTable(): Record<string, Solar>;
  }

  /** One entry of the library's own transcription of the State Council holiday notices. */
  export interface Holiday {
    /** 'YYYY-MM-DD' */
    getDay(): string;
    getName(): string;
    /** true = 调休上班 (make-up working day), false = day off. */
    isWork(): boolean;
  }

  export const HolidayUtil: {
    getHolidays(year: number): Holiday[];
  };
}
