// The proofs module: issue and revoke signed proofs, show their QR codes; verification is public (/verify).
import { lazy } from 'react';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import type { FeatureModule } from '../modules.tsx';
import { zhCN, en } from './messages.ts';

export const proofsModule: FeatureModule = {
  key: 'proofs',
  nav: [{ key: 'proofs', path: '/proofs', labelKey: 'proofs.nav', icon: <SafetyCertificateOutlined />, roles: ['community_staff', 'department_staff', 'district_admin', 'district_official', 'street_official', 'resident'] }],
  routes: [{ path: 'proofs', page: lazy(() => import('./proofs-page.tsx')) }],
  messages: { 'zh-CN': { proofs: zhCN }, en: { proofs: en } },
};
