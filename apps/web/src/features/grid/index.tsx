// The grid worker's phone app (网格通): report, my cases, patrol with the merged checklist, visits.
// Its pages work offline (outbox in IndexedDB, app shell in the service worker registered here).
import { lazy } from 'react';
import { MobileOutlined } from '@ant-design/icons';
import type { Role } from '@linli/contracts';
import type { FeatureRoute } from '../modules.tsx';
import type { NavItem } from '../../shell/nav.tsx';
import { en, zhCN } from './messages.ts';
import { registerServiceWorker } from './offline/sw-register.ts';

const GRID: Role[] = ['grid_worker'];

registerServiceWorker();

export const gridPart: { nav: NavItem[]; routes: FeatureRoute[]; messages: { 'zh-CN': typeof zhCN; en: typeof en } } = {
  nav: [{ key: 'grid', path: '/grid', labelKey: 'grid.nav', icon: <MobileOutlined />, roles: GRID, primary: true }],
  routes: [
    { path: 'grid', roles: GRID, page: lazy(() => import('./home-page.tsx')) },
    { path: 'grid/report', roles: GRID, page: lazy(() => import('./report-page.tsx')) },
    { path: 'grid/cases', roles: GRID, page: lazy(() => import('./cases-page.tsx')) },
    { path: 'grid/patrol', roles: GRID, page: lazy(() => import('./patrol-page.tsx')) },
    { path: 'grid/patrols', roles: GRID, page: lazy(() => import('./patrols-page.tsx')) },
    { path: 'grid/patrols/:id', roles: GRID, page: lazy(() => import('./patrol-detail-page.tsx')) },
    { path: 'grid/visits', roles: GRID, page: lazy(() => import('./visits-page.tsx')) },
  ],
  messages: { 'zh-CN': zhCN, en },
};
