// The pages each role may open, in menu order; one list feeds the side menu, the phone nav and the home tiles.
import type { ReactNode } from 'react';
import type { Me, Role } from '@linli/contracts';
import { MODULES } from '../features/modules.tsx';
import {
  AuditOutlined,
  BellOutlined,
  HomeOutlined,
  IdcardOutlined,
  SettingOutlined,
  TeamOutlined,
  GlobalOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';

export interface NavItem {
  key: string;
  path: string;
  labelKey: string;
  icon: ReactNode;
  /** Roles that see this item; absent means every logged-in user. */
  roles?: Role[];
  /** Shown in the phone's bottom bar (at most four are). */
  primary?: boolean;
}

export const OVERVIEW_ROLES: Role[] = ['district_official', 'district_admin', 'street_official'];
export const COMMUNITY_ROLES: Role[] = ['community_staff', 'grid_worker', 'street_official', 'district_official', 'district_admin'];

export const NAV: NavItem[] = [
  { key: 'home', path: '/', labelKey: 'nav.home', icon: <HomeOutlined />, primary: true },
  { key: 'overview', path: '/overview', labelKey: 'nav.overview', icon: <GlobalOutlined />, roles: OVERVIEW_ROLES, primary: true },
  { key: 'community', path: '/community', labelKey: 'nav.community', icon: <TeamOutlined />, roles: ['community_staff', 'grid_worker'], primary: true },
  { key: 'me', path: '/me', labelKey: 'nav.me', icon: <IdcardOutlined />, roles: ['resident'], primary: true },
  { key: 'users', path: '/admin/users', labelKey: 'nav.users', icon: <UserSwitchOutlined />, roles: ['district_admin'] },
  { key: 'audit', path: '/admin/audit', labelKey: 'nav.audit', icon: <AuditOutlined />, roles: ['district_admin'] },
  { key: 'notifications', path: '/notifications', labelKey: 'nav.notifications', icon: <BellOutlined />, primary: true },
  { key: 'settings', path: '/settings', labelKey: 'nav.settings', icon: <SettingOutlined /> },
];

// Feature modules' pages go after the foundation's work pages and before the inbox and settings.
const FOUNDATION_TAIL = new Set(['notifications', 'settings']);
export const ALL_NAV: NavItem[] = [...NAV.filter((n) => !FOUNDATION_TAIL.has(n.key)), ...MODULES.flatMap((m) => m.nav), ...NAV.filter((n) => FOUNDATION_TAIL.has(n.key))];

export function navFor(me: Me): NavItem[] {
  const roles = new Set(me.roles.map((r) => r.role));
  return ALL_NAV.filter((n) => !n.roles || n.roles.some((r) => roles.has(r)));
}

/** The menu key for a location, e.g. /community/abc -> community. */
export function activeKey(pathname: string): string {
  const hit = [...ALL_NAV].sort((a, b) => b.path.length - a.path.length).find((n) => n.path !== '/' && pathname.startsWith(n.path));
  return hit?.key ?? 'home';
}
