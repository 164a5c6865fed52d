// The shared-hut feature (共享小屋): items, loans, skills (needs and offers), activities,
// micro-wishes and pairings.
import { lazy } from 'react';
import { ShopOutlined } from '@ant-design/icons';
import type { Role } from '@linli/contracts';
import type { FeatureModule } from '../modules.tsx';
import { en, zhCN } from './messages.ts';

const WHO: Role[] = ['resident', 'volunteer', 'provider_staff', 'community_staff', 'grid_worker', 'street_official', 'district_official', 'district_admin'];
const page = <K extends string>(load: () => Promise<Record<K, React.ComponentType>>, name: K) => lazy(() => load().then((m) => ({ default: m[name] })));

export const sharingModule: FeatureModule = {
  key: 'sharing',
  nav: [{ key: 'sharing', path: '/sharing', labelKey: 'sharing.nav', icon: <ShopOutlined />, roles: WHO, primary: true }],
  routes: [
    { path: 'sharing', roles: WHO, page: lazy(() => import('./hub-page.tsx')) },
    { path: 'sharing/items/:id', roles: WHO, page: lazy(() => import('./item-page.tsx')) },
    { path: 'sharing/loans/:id', roles: WHO, page: lazy(() => import('./loan-page.tsx')) },
    { path: 'sharing/activities/:id', roles: WHO, page: lazy(() => import('./activity-page.tsx')) },
    { path: 'sharing/needs/:id', roles: WHO, page: page(() => import('./skill-pages.tsx'), 'NeedPage') },
    { path: 'sharing/offers/:id', roles: WHO, page: page(() => import('./skill-pages.tsx'), 'OfferPage') },
    { path: 'sharing/matches/:id', roles: WHO, page: page(() => import('./skill-pages.tsx'), 'MatchPage') },
    { path: 'sharing/wishes/:id', roles: WHO, page: lazy(() => import('./wish-page.tsx')) },
    { path: 'sharing/pairings/:id', roles: WHO, page: lazy(() => import('./pairing-page.tsx')) },
  ],
  messages: { 'zh-CN': zhCN, en },
};
