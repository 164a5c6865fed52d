// The deliberation feature (议事厅): topics, meetings and ballots, including homeowners' votes.
import { lazy } from 'react';
import { CommentOutlined } from '@ant-design/icons';
import type { Role } from '@linli/contracts';
import type { FeatureModule } from '../modules.tsx';
import { en, zhCN } from './messages.ts';

const WHO: Role[] = ['resident', 'community_staff', 'street_official', 'grid_worker', 'district_official', 'district_admin', 'hotline_operator'];

export const deliberationModule: FeatureModule = {
  key: 'deliberation',
  nav: [{ key: 'deliberation', path: '/deliberation', labelKey: 'deliberation.nav', icon: <CommentOutlined />, roles: WHO, primary: true }],
  routes: [
    { path: 'deliberation', roles: WHO, page: lazy(() => import('./hub-page.tsx')) },
    { path: 'deliberation/ballots/:id', roles: WHO, page: lazy(() => import('./ballot-page.tsx')) },
    { path: 'deliberation/topics/:id', roles: WHO, page: lazy(() => import('./topic-page.tsx')) },
  ],
  messages: { 'zh-CN': zhCN, en },
};
