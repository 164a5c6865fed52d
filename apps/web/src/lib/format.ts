// Dates and numbers in the user's language. Times are shown in the district's own time (China
// Standard Time, UTC+8, which has no daylight saving), whatever zone the browser is set to, so a
// case due "17:30" reads the same on a field phone and on a laptop abroad.
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import i18n from '../i18n/index.ts';

dayjs.extend(utc);

/** The district's offset from UTC in minutes. */
export const DISTRICT_UTC_OFFSET = 480;

/** A timestamp as a dayjs in the district's time. */
export function districtTime(iso: string) {
  return dayjs(iso).utcOffset(DISTRICT_UTC_OFFSET);
}

/** The district's local date today (YYYY-MM-DD). */
export function districtToday(): string {
  return dayjs().utcOffset(DISTRICT_UTC_OFFSET).format('YYYY-MM-DD');
}

/** A bare date ('2026-11-24') is a calendar day, not an instant: never shift it by a zone. */
const BARE_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = BARE_DATE.test(iso) ? dayjs(iso) : districtTime(iso);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm') : iso;
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = BARE_DATE.test(iso) ? dayjs(iso) : districtTime(iso);
  return d.isValid() ? d.format('YYYY-MM-DD') : iso;
}

export function formatNumber(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  return new Intl.NumberFormat(i18n.language === 'en' ? 'en-US' : 'zh-CN').format(n);
}
