// One demo login per role, each granted on the scope that role is meant for, so every screen
// can be tried from the login page. All share the password DEMO_PASSWORD.
import type { Role } from '@linli/contracts';
import { DISTRICT, type Geography } from './geography.ts';
import { Random } from './random.ts';
import type { OrganisationRow, PersonRow, RoleAssignmentRow, UserRow } from './rows.ts';

export const DEMO_PASSWORD = 'linli-demo';

export interface DemoAccount {
  username: string;
  role: Role;
  /** The name of what the role is granted on, e.g. 塔坡社区 or 区城管局. */
  scope: string;
}

export interface DemoAccounts {
  users: UserRow[];
  assignments: RoleAssignmentRow[];
  accounts: DemoAccount[];
}

export function generateAccounts(geography: Geography, organisations: readonly OrganisationRow[], resident: PersonRow): DemoAccounts {
  const random = new Random(geography.seed, 'accounts');
  const community = (name: string) => {
    const c = geography.communities.find((x) => x.row.name === name);
    if (!c) throw new Error(`demo community ${name} missing`);
    return c;
  };
  const tapo = community('塔坡社区');
  const lihao = community('丽豪社区');
  const zumiao = tapo.street;
  const department = organisations.find((o) => o.name === '区城管局')!;
  const provider = organisations.find((o) => o.kind === 'provider')!;
  const root = geography.root;

  type Grant = { area?: { id: string; name: string }; grid?: { id: string; name: string }; org?: OrganisationRow };
  const specs: [string, string, Role, Grant][] = [
    ['admin', '系统管理员', 'district_admin', { area: root }],
    ['official', '区领导（演示）', 'district_official', { area: root }],
    ['street', '祖庙街道干部', 'street_official', { area: zumiao.row }],
    ['community', '塔坡社区工作人员', 'community_staff', { area: tapo.row }],
    ['community2', '丽豪社区工作人员', 'community_staff', { area: lihao.row }],
    ['grid', '塔坡社区网格员', 'grid_worker', { grid: tapo.grids[0]! }],
    ['department', '区城管局工作人员', 'department_staff', { org: department }],
    ['provider', `${provider.name}社工`, 'provider_staff', { org: provider }],
    ['hotline', '12345热线坐席', 'hotline_operator', { area: root }],
    ['volunteer', '志愿者', 'volunteer', { area: root }],
    ['resident', resident.name, 'resident', {}],
  ];

  const users: UserRow[] = [];
  const assignments: RoleAssignmentRow[] = [];
  const accounts: DemoAccount[] = [];
  for (const [username, displayName, role, grant] of specs) {
    const id = random.uuid();
    users.push({ id, districtId: DISTRICT.id, username, displayName, personId: role === 'resident' ? resident.id : null });
    assignments.push({
      districtId: DISTRICT.id,
      id: random.uuid(),
      userId: id,
      role,
      areaId: grant.area?.id ?? null,
      gridId: grant.grid?.id ?? null,
      orgId: grant.org?.id ?? null,
    });
    accounts.push({ username, role, scope: grant.area?.name ?? grant.grid?.name ?? grant.org?.name ?? resident.name });
  }
  return { users, assignments, accounts };
}

/**
 * The resident who logs in as `resident`: an elder living alone in Tapo when there is one (the
 * person the services are for), otherwise Tapo's oldest resident.
 */
export function pickDemoResident(persons: readonly PersonRow[]): PersonRow | null {
  const alone = persons.find((p) => p.tags.includes('living_alone') && p.birthDate < '1956-01-01');
  if (alone) return alone;
  let oldest: PersonRow | null = null;
  for (const p of persons) if (!oldest || p.birthDate < oldest.birthDate) oldest = p;
  return oldest;
}
