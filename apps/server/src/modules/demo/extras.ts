// Demo data of the modules beyond the foundation (case types, service catalogue, huts, ...), run
// after the registry is seeded. Each extra is idempotent (it checks for its own data first) and
// runs in its own transaction, so a module can add demo data without touching the generator.
import type { Database } from '../../platform/db/database.ts';
import { DISTRICT } from './geography.ts';
import { seedDemo, type SeedOptions, type SeedResult } from './seed.ts';
import { proofIssuersDemo } from '../proofs/seed.ts';
import { deliberationDemo } from '../deliberation/seed.ts';
import { insightDemo } from '../insight/demo.ts';
import { servicesDemo } from '../orders/demo.ts';
import { smartGridDemo } from '../cases/demo.ts';
import { registryDemo } from '../organisations-registry/demo.ts';
import { volunteeringDemo } from '../volunteering/demo.ts';
import { partyDemo } from '../party/demo.ts';
import { fundsDemo } from '../funds/demo.ts';
import { sharingDemo } from '../sharing/demo.ts';
import { matchingDemo } from '../matching/demo.ts';
import { wishesDemo } from '../wishes/demo.ts';

export interface DemoExtra {
  name: string;
  seed(db: Database, districtId: string, options: { scale: number; log: (msg: string) => void }): Promise<void>;
}

/** One line per module, in dependency order. */
export const DEMO_EXTRAS: DemoExtra[] = [proofIssuersDemo, deliberationDemo, insightDemo, servicesDemo, registryDemo, volunteeringDemo, partyDemo, fundsDemo, sharingDemo, matchingDemo, wishesDemo, smartGridDemo];

/** The demo district with every module's demo data. */
export async function seedDemoDistrict(db: Database, options: SeedOptions): Promise<SeedResult> {
  const result = await seedDemo(db, options);
  const log = options.log ?? (() => {});
  for (const extra of DEMO_EXTRAS) {
    const started = performance.now();
    await db.tx(() => extra.seed(db, DISTRICT.id, { scale: options.scale, log }));
    log(`demo: ${extra.name} ready in ${Math.round(performance.now() - started)} ms`);
  }
  // Fresh statistics for the planner: PGlite has no autovacuum, and without them joins over the
  // new tables fall back to nested loops that take seconds.
  await db.execScript('analyze');
  return result;
}
