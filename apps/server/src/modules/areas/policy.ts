// Who sees which part of the area registry. Grid workers see the community their grid lies in
// (its structure and counts); resident-level detail stays limited by the people module.
import type { Role } from '@linli/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Scope } from '../../platform/auth/scope.ts';

export const AREA_VIEWERS: readonly Role[] = ['district_admin', 'district_official', 'hotline_operator', 'street_official', 'community_staff', 'grid_worker'];

export function areaScope(actor: Actor): Scope {
  const scope: Scope = { all: false, paths: [], gridIds: [], personIds: [] };
  for (const a of actor.assignments) {
    if (!AREA_VIEWERS.includes(a.role)) continue;
    if (a.role === 'district_admin' || a.role === 'district_official' || a.role === 'hotline_operator') scope.all = true;
    else if (a.areaPath) scope.paths.push(a.areaPath);
  }
  return scope;
}
