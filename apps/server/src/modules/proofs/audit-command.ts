// `npm run linli -- audit-log`: recompute the district's transparency log from the stored entry
// bytes and compare leaf hashes, subtree hashes, signed tree heads, issuer signatures and the proof
// index. Prints every finding; the exit code is 1 when anything was tampered with.
import type { Config } from '../../config.ts';
import type { Database } from '../../platform/db/database.ts';
import { EventBus } from '../../platform/events.ts';
import { Notifier } from '../../platform/notify.ts';
import { PeopleService } from '../people/service.ts';
import { AreasService } from '../areas/service.ts';
import { ProofsService } from './service.ts';

export async function auditLogCommand(db: Database, config: Config, districtId: string): Promise<number> {
  const log = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {}, fatal: () => {}, trace: () => {}, child: () => log, level: 'silent', silent: () => {} } as never;
  const events = new EventBus();
  const base = { config, db, events, notifier: new Notifier(db, events, []), log, version: 'cli' };
  const ctx = { ...base, areas: new AreasService(base) };
  const started = Date.now();
  const report = await new ProofsService(ctx, new PeopleService(ctx)).auditLog(districtId, (m) => console.log(m));
  console.log(`audit of ${districtId}: ${report.entries} entries, ${report.treeHeads} signed tree heads, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  for (const p of report.problems) console.log(`  TAMPERED: ${p}`);
  console.log(report.ok ? 'the log is intact' : `${report.problems.length} problem(s) found`);
  return report.ok ? 0 : 1;
}
