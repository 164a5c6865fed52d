// Seeds a district's smart grid: the departments cases go to (reusing any that exist under the
// same code or name), the case-type catalogue and the merged patrol checklist. Idempotent, with
// ids derived from district and code, so reruns and the demo are reproducible.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.ts';
import { DEPARTMENTS, TYPE_ATTRIBUTES, catalogueTypes } from './catalogue.ts';
import { seedPatrolChecklist } from '../patrols/seed.ts';
import './tables.ts';

/** A name-based UUID (version 5 layout over SHA-256), stable across runs. */
export function stableId(...parts: string[]): string {
  const h = crypto.createHash('sha256').update(parts.join('\u0000')).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Make sure every catalogue department exists; returns catalogue code -> the code it has in the district. */
export async function seedDepartments(db: Database, districtId: string): Promise<Map<string, string>> {
  const existing = await db.q.selectFrom('organisations').select(['id', 'code', 'name', 'kind']).where('districtId', '=', districtId).execute();
  const codes = new Map<string, string>();
  const fresh = [];
  for (const dep of DEPARTMENTS) {
    const names = new Set([dep.name, ...dep.aliases]);
    const found = existing.find((o) => o.kind === 'department' && (o.code === dep.code || names.has(o.name)));
    if (found) {
      codes.set(dep.code, found.code);
      continue;
    }
    const code = existing.some((o) => o.code === dep.code) ? `dept-${dep.code}` : dep.code;
    fresh.push({ districtId, id: stableId(districtId, 'org', code), kind: 'department', code, name: dep.name, nameEn: null, areaPath: null, properties: JSON.stringify({ seededBy: 'smart-grid' }) });
    codes.set(dep.code, code);
  }
  if (fresh.length) await db.q.insertInto('organisations').values(fresh).onConflict((oc) => oc.columns(['districtId', 'code']).doNothing()).execute();
  return codes;
}

/** The ~250-type catalogue (3 levels) with default departments, time limits and Open311 flags. */
export async function seedCaseCatalogue(db: Database, districtId: string): Promise<{ types: number; departments: number }> {
  const codes = await seedDepartments(db, districtId);
  const defs = catalogueTypes();
  const existing = new Map((await db.q.selectFrom('caseTypes').select(['id', 'code']).where('districtId', '=', districtId).execute()).map((r) => [r.code, r.id]));
  const idOf = (code: string) => existing.get(code) ?? stableId(districtId, 'case_type', code);
  const rows = defs
    .filter((t) => !existing.has(t.code))
    .map((t) => ({
      districtId,
      id: idOf(t.code),
      parentId: t.parentCode ? idOf(t.parentCode) : null,
      code: t.code,
      name: t.name,
      level: t.level,
      category: t.category,
      defaultOrgCode: t.orgCode ? (codes.get(t.orgCode) ?? t.orgCode) : null,
      limitValue: t.limit?.value ?? null,
      limitUnit: t.limit?.unit ?? null,
      open311: t.open311,
      description: '',
      keywords: t.name,
      attributes: JSON.stringify(TYPE_ATTRIBUTES[t.code] ?? []),
      sort: t.sort,
    }));
  for (let i = 0; i < rows.length; i += 200) await db.q.insertInto('caseTypes').values(rows.slice(i, i + 200)).onConflict((oc) => oc.columns(['districtId', 'code']).doNothing()).execute();
  return { types: defs.length, departments: codes.size };
}

/** Everything the smart grid needs in a district: call once after the district's areas exist. */
export async function seedSmartGrid(db: Database, districtId: string) {
  return db.tx(async () => {
    const catalogue = await seedCaseCatalogue(db, districtId);
    const checklist = await seedPatrolChecklist(db, districtId, await seedDepartments(db, districtId));
    // PGlite has no autovacuum: give the planner statistics for the freshly filled tables.
    await sql`analyze case_types, patrol_items, organisations`.execute(db.q);
    return { ...catalogue, patrolItems: checklist };
  });
}
