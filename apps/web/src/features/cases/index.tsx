// The smart grid (issue 3): cases from report to closing, the command centre, dispatch, department
// queues, on-time statistics and hotline intake; with the grid worker's phone app (features/grid).
import { lazy } from 'react';
import { AimOutlined, ApartmentOutlined, BarChartOutlined, CustomerServiceOutlined, FileTextOutlined, InboxOutlined, NotificationOutlined } from '@ant-design/icons';
import type { Role } from '@linli/contracts';
import type { FeatureModule } from '../modules.tsx';
import { gridPart } from '../grid/index.tsx';
import { en, zhCN } from './messages.ts';

const DISPATCHERS: Role[] = ['community_staff', 'street_official', 'district_official', 'hotline_operator'];
const CENTRE: Role[] = [...DISPATCHERS, 'district_admin'];
const STAFF: Role[] = [...CENTRE, 'grid_worker', 'department_staff'];
const REPORTERS: Role[] = ['resident', 'volunteer', 'community_staff', 'street_official', 'district_official', 'department_staff', 'grid_worker', 'district_admin'];

export const casesModule: FeatureModule = {
  key: 'cases',
  nav: [
    ...gridPart.nav,
    { key: 'cases-command', path: '/cases/command', labelKey: 'cases.nav.command', icon: <AimOutlined />, roles: CENTRE, primary: true },
    { key: 'cases-dispatch', path: '/cases/dispatch', labelKey: 'cases.nav.dispatch', icon: <ApartmentOutlined />, roles: DISPATCHERS },
    { key: 'cases-queue', path: '/cases/queue', labelKey: 'cases.nav.queue', icon: <InboxOutlined />, roles: ['department_staff'], primary: true },
    { key: 'cases-hotline', path: '/cases/hotline', labelKey: 'cases.nav.hotline', icon: <CustomerServiceOutlined />, roles: ['hotline_operator'], primary: true },
    { key: 'cases-mine', path: '/cases/mine', labelKey: 'cases.nav.mine', icon: <NotificationOutlined />, roles: ['resident', 'volunteer'], primary: true },
    { key: 'cases-list', path: '/cases', labelKey: 'cases.nav.list', icon: <FileTextOutlined />, roles: [...CENTRE, 'department_staff'] },
    { key: 'cases-stats', path: '/cases/stats', labelKey: 'cases.nav.stats', icon: <BarChartOutlined />, roles: [...CENTRE, 'department_staff'] },
  ],
  routes: [
    ...gridPart.routes,
    { path: 'cases', roles: STAFF, page: lazy(() => import('./cases-page.tsx')) },
    { path: 'cases/mine', page: lazy(() => import('./cases-page.tsx')) },
    { path: 'cases/new', roles: REPORTERS, page: lazy(() => import('./report-page.tsx')) },
    { path: 'cases/hotline', roles: ['hotline_operator'], page: lazy(() => import('./report-page.tsx')) },
    { path: 'cases/command', roles: CENTRE, page: lazy(() => import('./command-page.tsx')) },
    { path: 'cases/dispatch', roles: DISPATCHERS, page: lazy(() => import('./dispatch-page.tsx')) },
    { path: 'cases/queue', roles: ['department_staff'], page: lazy(() => import('./queue-page.tsx')) },
    { path: 'cases/stats', roles: [...CENTRE, 'department_staff'], page: lazy(() => import('./stats-page.tsx')) },
    { path: 'cases/:id', page: lazy(() => import('./case-page.tsx')) },
  ],
  messages: { 'zh-CN': { ...zhCN, ...gridPart.messages['zh-CN'] }, en: { ...en, ...gridPart.messages.en } },
};
