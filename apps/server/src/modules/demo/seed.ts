// Writes the demo district into a migrated database: geography, organisations, residents at the
// requested scale and one login per role, all in one transaction, streaming one community at a time.
import type { Database } from '../../platform/db/database.ts';
import { hashPassword } from '../../platform/auth/password.ts';
import { DEMO_PASSWORD, generateAccounts, pickDemoResident, type DemoAccount } from './accounts.ts';
import { DISTRICT, generateGeography } from './geography.ts';
import { IdNumberRegistry } from './id-numbers.ts';
import { generateOrganisations } from './organisations.ts';
import { populateCommunity, residentsByCommunity } from './population.ts';
import type { PersonRow } from './rows.ts';
import { withSink } from './sink.ts';

/** Where the demo resident, community worker and grid worker are based. */
const DEMO_RESIDENT_COMMUNITY = '塔坡社区';

/** From about this many residents, building the people tables' indexes after the load is faster. */
const BULK_RESIDENTS = 200_000;

/** The seed the demo uses unless told otherwise; any other gives a different but equally valid district. */
export const DEFAULT_SEED = 20260101;

export interface SeedOptions {
  districtId?: 'chancheng';
  seed?: number;
  /** Fraction of the 1.33 million residents to generate; 1 is the whole district. */
  scale: number;
  log?: (message: string) => void;
}

export interface SeedCounts {
  streets: number;
  communities: number;
  urbanCommunities: number;
  villages: number;
  grids: number;
  compounds: number;
  buildings: number;
  households: number;
  persons: number;
  organisations: number;
  users: number;
}

export interface SeedResult {
  /** False when the district was already there and nothing was written. */
  seeded: boolean;
  accounts: DemoAccount[];
  counts: SeedCounts;
  ms: number;
}

export async function isSeeded(db: Database, districtId: string = DISTRICT.id): Promise<boolean> {
  const row = await db.q.selectFrom('districts').select('id').where('id', '=', districtId).executeTakeFirst();
  return row !== undefined;
}

export async function seedDemo(db: Database, options: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const seed = options.seed ?? DEFAULT_SEED;
  if (!(options.scale > 0 && options.scale <= 1)) throw new Error(`demo scale must be in (0, 1], got ${options.scale}`);

  if (await isSeeded(db, DISTRICT.id)) return notSeeded(performance.now() - started, log);

  const geography = generateGeography(seed);
  const organisations = generateOrganisations(geography, options.scale);
  const residents = residentsByCommunity(geography, options.scale);
  // One argon2 hash shared by every demo login: hashing is deliberately slow.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  log(`demo: geography ready (${geography.grids.length} grids) in ${Math.round(performance.now() - started)} ms`);

  const counts: SeedCounts = {
    streets: geography.streets.length,
    communities: geography.communities.length,
    urbanCommunities: geography.communities.filter((c) => c.kind === 'urban').length,
    villages: geography.communities.filter((c) => c.kind === 'village').length,
    grids: geography.grids.length,
    compounds: geography.compounds.length,
    buildings: 0,
    households: 0,
    persons: 0,
    organisations: organisations.length,
    users: 0,
  };

  const result = await withSink(db, async (sink, query) => {
    // Checked inside the transaction (and, on PostgreSQL, under its lock) so two servers
    // starting at once cannot both seed.
    if ((await query('select 1 from districts where id = $1', [DISTRICT.id])).length > 0) return null;

    await sink.write('districts', [geography.district]);
    await sink.write('areas', [geography.root, ...geography.streets.map((s) => s.row), ...geography.communities.map((c) => c.row), ...geography.compounds.map((c) => c.row)]);
    await sink.write('grids', geography.grids);
    await sink.write('organisations', organisations);

    if (residents.reduce((n, r) => n + r, 0) >= BULK_RESIDENTS) await sink.expectBulk(['persons', 'households']);
    const idNumbers = new IdNumberRegistry();
    let resident: PersonRow | null = null;
    for (const [i, community] of geography.communities.entries()) {
      const isTapo = community.row.name === DEMO_RESIDENT_COMMUNITY;
      const population = populateCommunity(geography, community, residents[i]!, idNumbers, { elderFirst: isTapo });
      await sink.write('areas', population.buildings);
      await sink.write('households', population.households);
      await sink.write('persons', population.persons);
      counts.buildings += population.buildings.length;
      counts.households += population.households.length;
      counts.persons += population.persons.length;
      if (isTapo) resident = pickDemoResident(population.persons);
      if ((i + 1) % 25 === 0) log(`demo: ${i + 1}/${geography.communities.length} communities, ${counts.persons} residents`);
    }
    if (!resident) throw new Error(`scale ${options.scale} is too small to give ${DEMO_RESIDENT_COMMUNITY} a resident`);

    const accounts = generateAccounts(geography, organisations, resident);
    await sink.write('users', accounts.users.map((u) => ({ ...u, passwordHash })));
    await sink.write('role_assignments', accounts.assignments);
    counts.users = accounts.users.length;
    const flushing = performance.now();
    log(`demo: all rows generated at ${Math.round(flushing - started)} ms; finishing the writes`);
    await sink.flush();
    log(`demo: last writes (and any deferred index builds) took ${Math.round(performance.now() - flushing)} ms`);
    return accounts.accounts;
  });

  const ms = Math.round(performance.now() - started);
  if (!result) return notSeeded(ms, log);
  log(`demo: ${counts.persons} residents in ${counts.households} households written in ${ms} ms`);
  return { seeded: true, accounts: result, counts, ms };
}

function notSeeded(ms: number, log: (message: string) => void): SeedResult {
  log('demo: district already present; nothing written');
  const counts: SeedCounts = { streets: 0, communities: 0, urbanCommunities: 0, villages: 0, grids: 0, compounds: 0, buildings: 0, households: 0, persons: 0, organisations: 0, users: 0 };
  return { seeded: false, accounts: [], counts, ms: Math.round(ms) };
}
