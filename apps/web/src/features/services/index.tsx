// Street micro-service centres (issue 4): residents browse and book services priced with their
// subsidy, the hotline and centre staff order on an elder's behalf, the centre accepts and assigns,
// providers confirm, check in and complete, residents rate and complain; canteens, supervision.
import { lazy } from 'react';
import { AppstoreOutlined, AuditOutlined, CoffeeOutlined, CustomerServiceOutlined, HeartOutlined, ProfileOutlined, ScheduleOutlined, ToolOutlined } from '@ant-design/icons';
import type { Role } from '@linli/contracts';
import type { FeatureModule } from '../modules.tsx';
import { en, zhCN } from './messages.ts';

const CENTRE: Role[] = ['community_staff', 'street_official'];
const ON_BEHALF: Role[] = ['hotline_operator', ...CENTRE];
const SUPERVISORS: Role[] = [...CENTRE, 'district_official', 'district_admin', 'provider_staff'];
const CANTEEN: Role[] = ['provider_staff', 'street_official', 'district_official', 'district_admin'];

export const servicesModule: FeatureModule = {
  key: 'services',
  nav: [
    { key: 'services', path: '/services', labelKey: 'services.nav.browse', icon: <HeartOutlined />, roles: ['resident'], primary: true },
    { key: 'services-orders', path: '/services/orders', labelKey: 'services.nav.orders', icon: <ProfileOutlined />, roles: ['resident', 'hotline_operator'] },
    { key: 'services-hotline', path: '/services/hotline', labelKey: 'services.nav.hotline', icon: <CustomerServiceOutlined />, roles: ON_BEHALF },
    { key: 'services-centre', path: '/services/centre', labelKey: 'services.nav.centre', icon: <ScheduleOutlined />, roles: CENTRE },
    { key: 'services-provider', path: '/services/provider', labelKey: 'services.nav.provider', icon: <ToolOutlined />, roles: ['provider_staff'], primary: true },
    { key: 'services-canteen', path: '/services/canteen', labelKey: 'services.nav.canteen', icon: <CoffeeOutlined />, roles: CANTEEN },
    { key: 'services-supervision', path: '/services/supervision', labelKey: 'services.nav.supervision', icon: <AuditOutlined />, roles: SUPERVISORS },
    { key: 'services-catalogue', path: '/services/catalogue', labelKey: 'services.nav.catalogue', icon: <AppstoreOutlined />, roles: ['street_official', 'district_official', 'district_admin'] },
  ],
  routes: [
    { path: 'services', page: lazy(() => import('./browse-page.tsx')) },
    { path: 'services/order/:itemId', page: lazy(() => import('./order-page.tsx')) },
    { path: 'services/orders', page: lazy(() => import('./orders-page.tsx')) },
    { path: 'services/orders/:id', page: lazy(() => import('./order-detail-page.tsx')) },
    { path: 'services/hotline', roles: ON_BEHALF, page: lazy(() => import('./hotline-page.tsx')) },
    { path: 'services/centre', roles: CENTRE, page: lazy(() => import('./centre-page.tsx')) },
    { path: 'services/provider', roles: ['provider_staff'], page: lazy(() => import('./provider-page.tsx')) },
    { path: 'services/canteen', roles: CANTEEN, page: lazy(() => import('./canteen-page.tsx')) },
    { path: 'services/supervision', roles: SUPERVISORS, page: lazy(() => import('./supervision-page.tsx')) },
    { path: 'services/catalogue', roles: ['street_official', 'district_official', 'district_admin'], page: lazy(() => import('./catalogue-page.tsx')) },
  ],
  messages: { 'zh-CN': zhCN, en },
};
