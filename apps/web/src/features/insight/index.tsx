// The district cloud platform (区级云平台): live dashboard, demand map, resource map and siting.
import { lazy } from 'react';
import { DashboardOutlined, HeatMapOutlined, EnvironmentOutlined } from '@ant-design/icons';
import type { Role } from '@linli/contracts';
import type { FeatureModule } from '../modules.tsx';
import { en, zhCN } from './messages.ts';

/** Streets and communities see the same views for their own area. */
const VIEWERS: Role[] = ['district_official', 'district_admin', 'street_official', 'community_staff'];

export const insightModule: FeatureModule = {
  key: 'insight',
  nav: [
    { key: 'insight', path: '/insight', labelKey: 'insight.nav.dashboard', icon: <DashboardOutlined />, roles: VIEWERS },
    { key: 'insight-demand', path: '/insight/demand', labelKey: 'insight.nav.demand', icon: <HeatMapOutlined />, roles: VIEWERS },
    { key: 'insight-resources', path: '/insight/resources', labelKey: 'insight.nav.resources', icon: <EnvironmentOutlined />, roles: VIEWERS },
  ],
  routes: [
    { path: 'insight', roles: VIEWERS, page: lazy(() => import('./dashboard-page.tsx')) },
    { path: 'insight/demand', roles: VIEWERS, page: lazy(() => import('./demand-page.tsx')) },
    { path: 'insight/resources', roles: VIEWERS, page: lazy(() => import('./resources-page.tsx')) },
  ],
  messages: { 'zh-CN': zhCN, en },
};
