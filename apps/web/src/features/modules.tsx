// Feature modules beyond the foundation. Each contributes its pages, menu entries and strings in
// one object, added here in one line, so modules never edit the shell, the router or the i18n files.
import type { ComponentType, LazyExoticComponent } from 'react';
import type { Role } from '@linli/contracts';
import type { NavItem } from '../shell/nav.tsx';
import { deliberationModule } from './deliberation/index.tsx';
import { importsModule } from './imports/index.tsx';
import { proofsModule } from './proofs/index.tsx';
import { casesModule } from './cases/index.tsx';
import { insightModule } from './insight/index.tsx';
import { servicesModule } from './services/index.tsx';
import { participationModule } from './participation/index.tsx';
import { sharingModule } from './sharing/index.tsx';
import { smartGridSettingsModule } from './smart-grid-settings/index.tsx';

export interface FeatureRoute {
  /** Relative to the app root, e.g. 'cases' or 'cases/:id'. */
  path: string;
  /** Roles that may open it; absent means every logged-in user. */
  roles?: Role[];
  page: LazyExoticComponent<ComponentType>;
}

export interface FeatureModule {
  key: string;
  nav: NavItem[];
  routes: FeatureRoute[];
  /** Strings under the module's own prefix, e.g. { cases: { title: '…' } }. */
  messages: { 'zh-CN': Record<string, unknown>; en: Record<string, unknown> };
}

export const MODULES: FeatureModule[] = [
  deliberationModule,
  importsModule,
  proofsModule,
  casesModule,
  smartGridSettingsModule,
  insightModule,
  participationModule,
  // One line per module, e.g.: casesModule,
  servicesModule,
  sharingModule,
];
