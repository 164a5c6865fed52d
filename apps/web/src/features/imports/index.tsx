// The imports module: connect departmental systems, import files, settle conflicts and duplicates.
import { lazy } from 'react';
import { CloudUploadOutlined } from '@ant-design/icons';
import type { FeatureModule } from '../modules.tsx';
import { zhCN, en } from './messages.ts';
import { IMPORT_ROLES } from './import-roles.ts';

export const importsModule: FeatureModule = {
  key: 'imports',
  nav: [{ key: 'imports', path: '/imports', labelKey: 'imports.nav', icon: <CloudUploadOutlined />, roles: [...IMPORT_ROLES] }],
  routes: [{ path: 'imports', roles: [...IMPORT_ROLES], page: lazy(() => import('./imports-page.tsx')) }],
  messages: { 'zh-CN': { imports: zhCN }, en: { imports: en } },
};
