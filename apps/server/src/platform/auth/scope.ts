// Area scope: which rows an actor may see, as the union of their role assignments. An area grant
// covers the area's whole subtree (by path prefix), a grid grant covers rows in that grid, and a
// resident covers their own record. Repositories apply scopeWhere() so a forgotten check in a
// service cannot leak another community's rows.
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Role } from '@linli/contracts';
import type { Actor } from './actor.ts';

export interface Scope {
  /** The whole district. */
  all: boolean;
  /** Area path prefixes (each ends with '/'). */
  paths: string[];
  gridIds: string[];
  personIds: string[];
}

export const EMPTY_SCOPE: Scope = { all: false, paths: [], gridIds: [], personIds: [] };

const DISTRICT_WIDE: ReadonlySet<Role> = new Set(['district_admin', 'district_official', 'hotline_operator']);

/** The scope an actor holds through those of their assignments whose role is in `roles`. */
export function scopeOf(actor: Actor, roles: readonly Role[]): Scope {
  const scope: Scope = { all: false, paths: [], gridIds: [], personIds: [] };
  for (const a of actor.assignments) {
    if (!roles.includes(a.role)) continue;
    if (DISTRICT_WIDE.has(a.role)) scope.all = true;
    else if (a.role === 'resident') {
      if (actor.personId) scope.personIds.push(actor.personId);
    } else if (a.gridId) scope.gridIds.push(a.gridId);
    else if (a.areaPath) scope.paths.push(a.areaPath);
  }
  return scope;
}

export function isEmpty(scope: Scope): boolean {
  return !scope.all && !scope.paths.length && !scope.gridIds.length && !scope.personIds.length;
}

/** Does a row at this place fall inside the scope? (The same rule as scopeWhere, in memory.) */
export function covers(scope: Scope, row: { areaPath: string | null; gridId?: string | null; personId?: string | null }): boolean {
  if (scope.all) return true;
  if (row.areaPath && scope.paths.some((p) => row.areaPath!.startsWith(p))) return true;
  if (row.gridId && scope.gridIds.includes(row.gridId)) return true;
  if (row.personId && scope.personIds.includes(row.personId)) return true;
  return false;
}

/** Does the scope reach into (or contain) an area? True for ancestors too, so breadcrumbs work. */
export function touchesPath(scope: Scope, areaPath: string, gridCommunityPaths: string[] = []): boolean {
  if (scope.all) return true;
  return [...scope.paths, ...gridCommunityPaths].some((p) => areaPath.startsWith(p) || p.startsWith(areaPath));
}

interface ScopeColumns {
  path: string;
  grid?: string;
  person?: string;
}

/** A WHERE condition limiting rows to the scope; columns are named as in the query ('p.areaPath'). */
export function scopeWhere(scope: Scope, cols: ScopeColumns): RawBuilder<SqlBool> {
  if (scope.all) return sql<SqlBool>`true`;
  const ors: RawBuilder<SqlBool>[] = [];
  const ref = (c: string) => sql.ref(snake(c));
  for (const p of scope.paths) ors.push(sql<SqlBool>`${ref(cols.path)} like ${p + '%'}`);
  if (cols.grid && scope.gridIds.length) ors.push(sql<SqlBool>`${ref(cols.grid)} in (${sql.join(scope.gridIds)})`);
  if (cols.person && scope.personIds.length) ors.push(sql<SqlBool>`${ref(cols.person)} in (${sql.join(scope.personIds)})`);
  if (!ors.length) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${sql.join(ors, sql` or `)})`;
}

/** Column names in snake_case, whether or not a plugin maps them too (the mapping is idempotent). */
function snake(ref: string): string {
  return ref.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
