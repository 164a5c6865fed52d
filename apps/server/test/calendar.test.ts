// The working calendar: due times over weekends, public holidays and 调休 make-up working days,
// in working days and in office hours, and a district's own year overriding the national one.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CALENDAR, WorkingCalendar } from '../src/platform/calendar.ts';
import { TEST_DB, type Client, type TestApp, expectProblem } from './helpers.ts';
import { startSmartGrid } from './smart-grid.ts';

/** Beijing time, written as it reads on a wall clock. */
const bj = (s: string) => new Date(`${s}+08:00`);
const local = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

describe('working calendar (pure)', () => {
  const cal = WorkingCalendar.national();

  it('knows weekends, holidays and make-up days', () => {
    assert.equal(cal.isWorkingDay('2025-09-26'), true); // Friday
    assert.equal(cal.isWorkingDay('2025-09-27'), false); // Saturday
    assert.equal(cal.isWorkingDay('2025-09-28'), true); // Sunday worked for National Day
    assert.equal(cal.isWorkingDay('2025-10-01'), false);
    assert.equal(cal.isWorkingDay('2025-10-08'), false); // Wednesday, last day of the holiday
    assert.equal(cal.isWorkingDay('2025-10-11'), true); // Saturday worked
    assert.equal(cal.isWorkingDay('2026-02-14'), true); // Saturday before Spring Festival
    assert.equal(cal.isWorkingDay('2026-02-23'), false); // Monday, 初七
    assert.equal(cal.isWorkingDay('2026-01-04'), true); // Sunday worked after New Year
  });

  it('adds working days across a weekend', () => {
    assert.equal(local(cal.addWorkingDays(bj('2025-03-07T10:00'), 1)), '2025-03-10 10:00'); // Fri -> Mon
    assert.equal(local(cal.addWorkingDays(bj('2025-03-07T10:00'), 5)), '2025-03-14 10:00');
    // Reported on Saturday: the clock starts on Monday, so one day is the whole of Monday.
    assert.equal(local(cal.addWorkingDays(bj('2025-03-08T15:00'), 1)), '2025-03-11 00:00');
  });

  it('skips the National Day holiday and counts its make-up Saturday', () => {
    // Tue 30 Sep + 3: 1-8 Oct off; Thu 9, Fri 10, Sat 11 (worked).
    assert.equal(local(cal.addWorkingDays(bj('2025-09-30T09:00'), 3)), '2025-10-11 09:00');
    // Fri 26 Sep + 1 = Sun 28 Sep, a make-up working day.
    assert.equal(local(cal.addWorkingDays(bj('2025-09-26T11:00'), 1)), '2025-09-28 11:00');
  });

  it('skips the 2026 Spring Festival and counts both make-up Saturdays', () => {
    // Fri 13 Feb + 1 = Sat 14 (worked); + 2 = Tue 24 (15-23 off).
    assert.equal(local(cal.addWorkingDays(bj('2026-02-13T16:00'), 1)), '2026-02-14 16:00');
    assert.equal(local(cal.addWorkingDays(bj('2026-02-13T16:00'), 2)), '2026-02-24 16:00');
  });

  it('adds working hours within office hours (08:30-12:00, 14:00-17:30)', () => {
    assert.equal(local(cal.addWorkingHours(bj('2025-03-05T09:00'), 2)), '2025-03-05 11:00');
    assert.equal(local(cal.addWorkingHours(bj('2025-03-05T11:00'), 2)), '2025-03-05 15:00'); // over lunch
    assert.equal(local(cal.addWorkingHours(bj('2025-03-05T20:00'), 1)), '2025-03-06 09:30'); // after hours
    assert.equal(local(cal.addWorkingHours(bj('2025-03-07T17:00'), 2)), '2025-03-10 10:00'); // Fri evening -> Mon
    assert.equal(local(cal.addWorkingHours(bj('2025-03-05T08:30'), 7)), '2025-03-05 17:30'); // a whole day is 7 h
  });

  it('adds working hours into a make-up Sunday', () => {
    // Fri 26 Sep 2025 17:00 + 2 h: half an hour on Friday, then Sun 28 Sep (worked) 08:30 + 1.5 h.
    assert.equal(local(cal.addWorkingHours(bj('2025-09-26T17:00'), 2)), '2025-09-28 10:00');
    // Tue 30 Sep 17:00 + 1 h: the holiday runs to 8 Oct, so Thu 9 Oct 09:00.
    assert.equal(local(cal.addWorkingHours(bj('2025-09-30T17:00'), 1)), '2025-10-09 09:00');
  });

  it('ships 2025 and 2026 as announced and 2027 as provisional', () => {
    assert.equal(DEFAULT_CALENDAR[2025]!.provisional, false);
    assert.equal(DEFAULT_CALENDAR[2026]!.provisional, false);
    assert.equal(DEFAULT_CALENDAR[2027]!.provisional, true);
    const workdays = (y: number) => DEFAULT_CALENDAR[y]!.rules.filter((r) => r.kind === 'workday').map((r) => r.day);
    assert.deepEqual(workdays(2025), ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']);
    assert.deepEqual(workdays(2026), ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
  });
});

describe(`working calendar per district (${TEST_DB})`, () => {
  let t: TestApp;
  let admin: Client;
  before(async () => {
    t = await startSmartGrid();
    admin = await t.login('admin');
  });
  after(() => t.close());

  it('serves the national defaults until the district sets its own year', async () => {
    const y = await admin.json('/api/calendar/2025');
    assert.equal(y.source, 'default');
    assert.ok(y.days.some((d: { day: string; kind: string }) => d.day === '2025-10-11' && d.kind === 'workday'));
    const none = await admin.json('/api/calendar/2031');
    assert.equal(none.source, 'none');
  });

  it('lets the district replace a year, and due times follow it', async () => {
    const res = await admin.request('PUT', '/api/calendar/2027', { days: [{ day: '2027-03-03', kind: 'holiday', name: '区庆' }, { day: '2027-03-06', kind: 'workday', name: '补班' }] });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().source, 'district');
    const { casesService } = await import('../src/modules/cases/service.ts');
    const c = await casesService(t.ctx).calendar.forDistrict('chancheng');
    assert.equal(c.isWorkingDay('2027-03-03'), false);
    assert.equal(c.isWorkingDay('2027-03-06'), true);
    // Tue 2 Mar + 1 day skips Wed 3 (district holiday).
    assert.equal(local(c.addWorkingDays(bj('2027-03-02T10:00'), 1)), '2027-03-04 10:00');
    // Other years keep the national defaults.
    assert.equal(c.isWorkingDay('2025-10-11'), true);
  });

  it('refuses days outside the year and edits by other roles', async () => {
    expectProblem(await admin.request('PUT', '/api/calendar/2027', { days: [{ day: '2028-01-01', kind: 'holiday', name: 'x' }] }), 400);
    const grid = await t.login('grid');
    expectProblem(await grid.request('PUT', '/api/calendar/2027', { days: [] }), 403, 'case.catalogue_forbidden');
  });
});
