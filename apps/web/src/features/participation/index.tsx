// Participation (issue 7): volunteers and their hours, party members reporting to their
// communities, social organisations and projects, and the community mutual-aid funds.
import { lazy } from 'react';
import { AccountBookOutlined, FlagOutlined, HeartOutlined, ShopOutlined, SolutionOutlined } from '@ant-design/icons';
import type { Role } from '@linli/contracts';
import type { FeatureModule } from '../modules.tsx';
import { en, zhCN } from './messages.ts';

const ORGANISERS: Role[] = ['community_staff', 'grid_worker', 'street_official', 'district_official', 'district_admin'];
const VOLUNTEERS: Role[] = ['volunteer', 'resident'];
const PARTY: Role[] = ['volunteer', 'resident', 'community_staff', 'street_official', 'district_official', 'district_admin'];
const REGISTRY: Role[] = ['community_staff', 'street_official', 'district_official', 'district_admin', 'provider_staff', 'grid_worker', 'volunteer'];
const FUNDS: Role[] = ['resident', 'community_staff', 'grid_worker', 'street_official', 'district_official', 'district_admin', 'provider_staff'];

export const participationModule: FeatureModule = {
  key: 'participation',
  nav: [
    { key: 'volunteering', path: '/volunteering', labelKey: 'participation.nav.volunteering', icon: <HeartOutlined />, roles: VOLUNTEERS },
    { key: 'volunteer-desk', path: '/volunteer-desk', labelKey: 'participation.nav.desk', icon: <SolutionOutlined />, roles: ORGANISERS },
    { key: 'party', path: '/party', labelKey: 'participation.nav.party', icon: <FlagOutlined />, roles: PARTY },
    { key: 'funds', path: '/funds', labelKey: 'participation.nav.funds', icon: <AccountBookOutlined />, roles: FUNDS },
    { key: 'registry', path: '/organisations', labelKey: 'participation.nav.registry', icon: <ShopOutlined />, roles: REGISTRY },
  ],
  routes: [
    { path: 'volunteering', page: lazy(() => import('./volunteering-page.tsx')) },
    { path: 'volunteering/certificates/:id', page: lazy(() => import('./certificate-page.tsx')) },
    { path: 'volunteer-desk', roles: ORGANISERS, page: lazy(() => import('./desk-page.tsx')) },
    { path: 'party', page: lazy(() => import('./party-page.tsx')) },
    { path: 'organisations', page: lazy(() => import('./registry-page.tsx')) },
    { path: 'organisations/projects/:id', page: lazy(() => import('./project-page.tsx')) },
    { path: 'funds', page: lazy(() => import('./funds-page.tsx')) },
    { path: 'funds/:id', page: lazy(() => import('./fund-page.tsx')) },
  ],
  messages: { 'zh-CN': zhCN, en },
};
