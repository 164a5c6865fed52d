// Local time of the district (Asia/Shanghai, UTC+8 all year, no daylight saving): service days,
// slot windows and meal times are local; instants are stored in UTC.
const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** The local date (YYYY-MM-DD) of an instant. */
export function localDay(t: Date = new Date()): string {
  return new Date(t.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant of a local date and 'HH:MM'. */
export function atLocal(day: string, hhmm: string): Date {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return new Date(Date.parse(`${day}T00:00:00Z`) - OFFSET_MS + (h * 60 + m) * 60_000);
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday of a local date: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(day: string): number {
  const d = new Date(`${day}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** 'HH:MM' of an instant, local. */
export function localTime(t: Date): string {
  return new Date(t.getTime() + OFFSET_MS).toISOString().slice(11, 16);
}

/** The first and last instants of a local month 'YYYY-MM' (the end exclusive). */
export function monthRange(month: string): { from: Date; to: Date } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { from: atLocal(`${month}-01`, '00:00'), to: atLocal(`${next}-01`, '00:00') };
}

/** Great-circle distance in km. */
export function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}
