// Smart-grid settings: the case-type catalogue, dispatch rules, the working calendar, Open311 keys and
// the district's smart-grid settings, for the roles the cases service lets maintain them.
import { lazy } from 'react';
import { ControlOutlined } from '@ant-design/icons';
import type { Role } from '@linli/contracts';
import type { FeatureModule } from '../modules.tsx';
import { en, zhCN } from './messages.ts';

/** As requireCatalogueEditor in modules/cases/policy.ts; Open311 keys are the administrator's alone. */
export const SETTINGS_ROLES: Role[] = ['district_admin', 'district_official'];
export const KEY_ROLES: Role[] = ['district_admin'];

export const smartGridSettingsModule: FeatureModule = {
  key: 'smart-grid-settings',
  nav: [{ key: 'smart-grid-settings', path: '/smart-grid/settings', labelKey: 'sgs.nav', icon: <ControlOutlined />, roles: SETTINGS_ROLES }],
  routes: [{ path: 'smart-grid/settings', roles: SETTINGS_ROLES, page: lazy(() => import('./settings-page.tsx')) }],
  messages: { 'zh-CN': zhCN, en },
};
