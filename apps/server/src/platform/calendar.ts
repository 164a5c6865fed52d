// The working calendar: which days are working days (weekdays, less public holidays, plus 调休
// make-up days worked on a weekend) and the office hours within them, so time limits ("within 3
// working days", "within 4 working hours") become due times. Each district may override a year in
// the calendar_days table; a year without rows falls back to the national defaults below.
import type { Database } from './db/database.ts';

export type LimitUnit = 'hours' | 'days';

export interface DayRule {
  day: string; // YYYY-MM-DD, local date
  kind: 'holiday' | 'workday';
  name: string;
}

/**
 * China's public holidays and make-up working days as the State Council announced them
 * (国办发明电〔2024〕12号 for 2025, 国办发明电〔2025〕7号 for 2026). 2027 is not yet announced: its
 * rows are provisional (the statutory days, with weekend days made good on the next weekdays) and
 * are meant to be replaced through PUT /api/calendar/2027 once the notice appears.
 */
const range = (from: string, to: string, name: string, kind: DayRule['kind'] = 'holiday'): DayRule[] => {
  const out: DayRule[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d = new Date(d.getTime() + 86_400_000)) {
    const day = d.toISOString().slice(0, 10);
    const dow = d.getUTCDay();
    // Only weekdays need a 'holiday' row: weekends are days off anyway.
    if (kind === 'workday' || (dow !== 0 && dow !== 6)) out.push({ day, kind, name });
  }
  return out;
};
const work = (day: string, name: string): DayRule => ({ day, kind: 'workday', name: `${name}调休上班` });

export const DEFAULT_CALENDAR: Record<number, { rules: DayRule[]; provisional: boolean }> = {
  2025: {
    provisional: false,
    rules: [
      ...range('2025-01-01', '2025-01-01', '元旦'),
      ...range('2025-01-28', '2025-02-04', '春节'),
      work('2025-01-26', '春节'),
      work('2025-02-08', '春节'),
      ...range('2025-04-04', '2025-04-06', '清明节'),
      ...range('2025-05-01', '2025-05-05', '劳动节'),
      work('2025-04-27', '劳动节'),
      ...range('2025-05-31', '2025-06-02', '端午节'),
      ...range('2025-10-01', '2025-10-08', '国庆节、中秋节'),
      work('2025-09-28', '国庆节'),
      work('2025-10-11', '国庆节'),
    ],
  },
  2026: {
    provisional: false,
    rules: [
      ...range('2026-01-01', '2026-01-03', '元旦'),
      work('2026-01-04', '元旦'),
      ...range('2026-02-15', '2026-02-23', '春节'),
      work('2026-02-14', '春节'),
      work('2026-02-28', '春节'),
      ...range('2026-04-04', '2026-04-06', '清明节'),
      ...range('2026-05-01', '2026-05-05', '劳动节'),
      work('2026-05-09', '劳动节'),
      ...range('2026-06-19', '2026-06-21', '端午节'),
      ...range('2026-09-25', '2026-09-27', '中秋节'),
      ...range('2026-10-01', '2026-10-07', '国庆节'),
      work('2026-09-20', '国庆节'),
      work('2026-10-10', '国庆节'),
    ],
  },
  2027: {
    provisional: true,
    rules: [
      ...range('2027-01-01', '2027-01-01', '元旦'),
      ...range('2027-02-05', '2027-02-11', '春节'),
      ...range('2027-04-05', '2027-04-05', '清明节'),
      ...range('2027-05-01', '2027-05-04', '劳动节'),
      ...range('2027-06-09', '2027-06-09', '端午节'),
      ...range('2027-09-15', '2027-09-15', '中秋节'),
      ...range('2027-10-01', '2027-10-06', '国庆节'),
    ],
  },
};

export interface CalendarOptions {
  /** Minutes east of UTC for the district's local time; Asia/Shanghai has no daylight saving. */
  utcOffsetMinutes: number;
  /** Office hours within a working day, as [start, end) minutes after local midnight. */
  periods: [number, number][];
}

/** 08:30-12:00 and 14:00-17:30: Foshan government offices' hours, 7 working hours a day. */
export const DEFAULT_OPTIONS: CalendarOptions = { utcOffsetMinutes: 8 * 60, periods: [[8 * 60 + 30, 12 * 60], [14 * 60, 17 * 60 + 30]] };

const DAY = 86_400_000;
const MIN = 60_000;

/** A pure calendar over a set of rules; build one with CalendarService.forDistrict(). */
export class WorkingCalendar {
  private readonly holidays: Set<string>;
  private readonly workdays: Set<string>;
  constructor(
    rules: DayRule[],
    readonly options: CalendarOptions = DEFAULT_OPTIONS,
  ) {
    this.holidays = new Set(rules.filter((r) => r.kind === 'holiday').map((r) => r.day));
    this.workdays = new Set(rules.filter((r) => r.kind === 'workday').map((r) => r.day));
  }

  /** Built from the national defaults alone. */
  static national(options: CalendarOptions = DEFAULT_OPTIONS): WorkingCalendar {
    return new WorkingCalendar(Object.values(DEFAULT_CALENDAR).flatMap((y) => y.rules), options);
  }

  private local(t: Date): number {
    return t.getTime() + this.options.utcOffsetMinutes * MIN;
  }
  private utc(localMs: number): Date {
    return new Date(localMs - this.options.utcOffsetMinutes * MIN);
  }

  /** Is this local date (YYYY-MM-DD) a working day? */
  isWorkingDay(day: string): boolean {
    if (this.workdays.has(day)) return true;
    if (this.holidays.has(day)) return false;
    const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
    return dow !== 0 && dow !== 6;
  }

  private isWorkingLocalMs(localMs: number): boolean {
    return this.isWorkingDay(new Date(Math.floor(localMs / DAY) * DAY).toISOString().slice(0, 10));
  }

  /**
   * Working days: the clock runs only on working days, a whole day at a time. The due time is the
   * same time of day on the n-th working day after the start; a start on a day off counts from
   * the next working day's midnight (so "1 working day" from Saturday is due at the end of Monday).
   */
  addWorkingDays(start: Date, days: number): Date {
    let t = this.local(start);
    if (!this.isWorkingLocalMs(t)) {
      t = Math.floor(t / DAY) * DAY;
      while (!this.isWorkingLocalMs(t)) t += DAY;
    }
    for (let left = days; left > 0; ) {
      t += DAY;
      if (this.isWorkingLocalMs(t)) left--;
    }
    return this.utc(t);
  }

  /** Working hours: the clock runs only within office hours on working days. */
  addWorkingHours(start: Date, hours: number): Date {
    let t = this.local(start);
    let left = Math.round(hours * 60) * MIN;
    if (left <= 0) return start;
    for (let guard = 0; guard < 3660; guard++) {
      const midnight = Math.floor(t / DAY) * DAY;
      if (this.isWorkingLocalMs(midnight)) {
        for (const [a, b] of this.options.periods) {
          const from = Math.max(t, midnight + a * MIN);
          const to = midnight + b * MIN;
          if (from >= to) continue;
          if (from + left <= to) return this.utc(from + left);
          left -= to - from;
          t = to;
        }
      }
      t = midnight + DAY;
    }
    throw new Error('addWorkingHours: no working time within ten years');
  }

  add(start: Date, value: number, unit: LimitUnit): Date {
    return unit === 'days' ? this.addWorkingDays(start, value) : this.addWorkingHours(start, value);
  }
}

/** Loads each district's calendar (its own rows, else the defaults per year) and caches it. */
export class CalendarService {
  private readonly cache = new Map<string, Promise<WorkingCalendar>>();
  constructor(
    private readonly db: Database,
    private readonly options: CalendarOptions = DEFAULT_OPTIONS,
  ) {}

  forDistrict(districtId: string): Promise<WorkingCalendar> {
    let hit = this.cache.get(districtId);
    if (!hit) {
      hit = this.load(districtId);
      this.cache.set(districtId, hit);
      hit.catch(() => this.cache.delete(districtId));
    }
    return hit;
  }

  private async load(districtId: string): Promise<WorkingCalendar> {
    const rows = await this.db.q.selectFrom('calendarDays').select(['day', 'kind', 'name']).where('districtId', '=', districtId).execute();
    const own = new Set(rows.map((r) => Number(r.day.slice(0, 4))));
    const defaults = Object.entries(DEFAULT_CALENDAR)
      .filter(([year]) => !own.has(Number(year)))
      .flatMap(([, y]) => y.rules);
    return new WorkingCalendar([...rows.map((r) => ({ day: r.day, kind: r.kind, name: r.name })), ...defaults], this.options);
  }

  /** One year's rules as they apply to the district, and where they come from. */
  async year(districtId: string, year: number): Promise<{ year: number; source: 'district' | 'default' | 'none'; provisional: boolean; days: DayRule[] }> {
    const rows = await this.db.q
      .selectFrom('calendarDays')
      .select(['day', 'kind', 'name'])
      .where('districtId', '=', districtId)
      .where('day', '>=', `${year}-01-01`)
      .where('day', '<=', `${year}-12-31`)
      .orderBy('day')
      .execute();
    if (rows.length) return { year, source: 'district', provisional: false, days: rows };
    const d = DEFAULT_CALENDAR[year];
    return d ? { year, source: 'default', provisional: d.provisional, days: [...d.rules].sort((a, b) => a.day.localeCompare(b.day)) } : { year, source: 'none', provisional: false, days: [] };
  }

  /** Replace a year's rules for the district (inside the caller's transaction). */
  async setYear(districtId: string, year: number, days: DayRule[]): Promise<void> {
    await this.db.q.deleteFrom('calendarDays').where('districtId', '=', districtId).where('day', '>=', `${year}-01-01`).where('day', '<=', `${year}-12-31`).execute();
    if (days.length) await this.db.q.insertInto('calendarDays').values(days.map((d) => ({ districtId, day: d.day, kind: d.kind, name: d.name }))).execute();
    this.db.afterCommit(() => this.cache.delete(districtId));
  }
}

export interface CalendarDaysTable {
  districtId: string;
  day: string;
  kind: 'holiday' | 'workday';
  name: string;
}

declare module './db/schema.ts' {
  interface Schema {
    calendarDays: CalendarDaysTable;
  }
}
