// Calendar-date arithmetic on 'YYYY-MM-DD' strings in Asia/Shanghai.
// Shanghai has been UTC+8 without DST since 1991, so every conversion below is plain integer
// arithmetic on epoch milliseconds; we never consult a time-zone database, and Date is only
// used with an explicit argument (deterministic under Temporal replay).

import { ClockError } from './errors';

export type IsoDate = string;
/** Milliseconds since the Unix epoch. */
export type EpochMs = number;

export const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

// The lunar library and any realistic statute stay well inside this; it also keeps
// Date.UTC clear of its two-digit-year quirk (years 0–99 map to 1900–1999).
export const MIN_YEAR = 1901;
export const MAX_YEAR = 2099;

const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01; the canonical internal form of a date. */
export type DayNumber = number;

/**
 * Valid dates already seen, with their day numbers. A deadline walk validates and converts the same
 * few hundred dates many times (every day it steps, classifies and compares), which was the clock's
 * largest cost in the worker profile (BENCHMARKS.md, #15). Only valid dates are kept, so the map is
 * bounded by the supported range (1901–2099, ~72 000 days) whatever strings callers pass.
 */
const dayNumberOf = new Map<IsoDate, DayNumber>();
const dateOf = new Map<DayNumber, IsoDate>();

export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  if (dayNumberOf.has(value)) return true;
  const m = ISO_DATE_RE.exec(value);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < MIN_YEAR || y > MAX_YEAR || mo < 1 || mo > 12 || d < 1) return false;
  // Round-tripping through Date.UTC rejects 02-30, 04-31, 2027-02-29 …
  const back = new Date(Date.UTC(y, mo - 1, d));
  return back.getUTCMonth() === mo - 1 && back.getUTCDate() === d;
}

export function assertIsoDate(value: unknown, field: string): asserts value is IsoDate {
  if (!isIsoDate(value)) {
    throw new ClockError(
      'INVALID_DATE',
      `${field}不是有效日期（应为${MIN_YEAR}至${MAX_YEAR}年间的YYYY-MM-DD）：${String(value)}`,
      { field, value },
    );
  }
}

export function toDayNumber(date: IsoDate): DayNumber {
  const known = dayNumberOf.get(date);
  if (known !== undefined) return known;
  assertIsoDate(date, '日期');
  const day = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
  dayNumberOf.set(date, day);
  return day;
}

export function fromDayNumber(day: DayNumber): IsoDate {
  const known = dateOf.get(day);
  if (known !== undefined) return known;
  const date = new Date(day * DAY_MS).toISOString().slice(0, 10);
  // Outside 1901–2099 (or a fractional day) the string is still returned (callers validate it), but not kept.
  if (Number.isInteger(day) && isIsoDate(date)) dateOf.set(day, date);
  return date;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Calendar days from a to b (negative when b is earlier). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** 0 = Sunday … 6 = Saturday, as in Date#getUTCDay. */
export function dayOfWeek(date: IsoDate): number {
  // 1970-01-01 was a Thursday (4).
  return (((toDayNumber(date) + 4) % 7) + 7) % 7;
}

export function isWeekend(date: IsoDate): boolean {
  const dow = dayOfWeek(date);
  return dow === 0 || dow === 6;
}

export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

/** ISO strings of the same shape sort chronologically, so plain comparison is exact. */
export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function assertInstant(value: unknown, field: string): asserts value is EpochMs {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ClockError('INVALID_INSTANT', `${field}不是有效的时间戳（毫秒）：${String(value)}`, { field, value });
  }
  const date = fromDayNumber(Math.floor((value + SHANGHAI_OFFSET_MS) / DAY_MS));
  if (!isIsoDate(date)) {
    throw new ClockError('INVALID_INSTANT', `${field}超出支持的年份范围：${String(value)}`, { field, value });
  }
}

/** The Shanghai calendar date an instant falls on. */
export function shanghaiDateOf(instant: EpochMs): IsoDate {
  assertInstant(instant, '时间');
  return fromDayNumber(Math.floor((instant + SHANGHAI_OFFSET_MS) / DAY_MS));
}

/** 00:00 Shanghai of the date. */
export function shanghaiStartOfDay(date: IsoDate): EpochMs {
  return toDayNumber(date) * DAY_MS - SHANGHAI_OFFSET_MS;
}

/**
 * 24:00 Shanghai of the date, i.e. the first instant that is no longer that date. A deadline
 * "ends with the day" (民法典 Art. 201/203), so an act at this instant or later is late; this keeps
 * `instant >= shanghaiEndOfDay(d)` equivalent to `shanghaiDateOf(instant) > d`.
 */
export function shanghaiEndOfDay(date: IsoDate): EpochMs {
  return shanghaiStartOfDay(date) + DAY_MS;
}
