// One page, five tabs: the case-type catalogue, dispatch rules, the working calendar, Open311 keys
// (district administrator only) and general settings. The open tab is kept in ?tab= so a link or a
// reload lands on it.
import { lazy, Suspense } from 'react';
import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { hasRole, useSession } from '../../lib/session.tsx';
import { PageHeader, PageLoading } from '../../components/states.tsx';
import { KEY_ROLES } from './index.tsx';
import './settings.css';

const TypesTab = lazy(() => import('./types-tab.tsx'));
const RulesTab = lazy(() => import('./rules-tab.tsx'));
const CalendarTab = lazy(() => import('./calendar-tab.tsx'));
const KeysTab = lazy(() => import('./keys-tab.tsx'));
const GeneralTab = lazy(() => import('./general-tab.tsx'));

const TABS = ['types', 'rules', 'calendar', 'keys', 'general'] as const;
type Tab = (typeof TABS)[number];

export default function SmartGridSettingsPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const canKeys = hasRole(me, ...KEY_ROLES);
  const shown = TABS.filter((k) => k !== 'keys' || canKeys);
  const asked = params.get('tab') as Tab | null;
  const tab: Tab = asked && shown.includes(asked) ? asked : 'types';
  const body = (k: Tab) => {
    if (k !== tab) return null;
    const Page = { types: TypesTab, rules: RulesTab, calendar: CalendarTab, keys: KeysTab, general: GeneralTab }[k];
    return (
      <Suspense fallback={<PageLoading />}>
        <Page />
      </Suspense>
    );
  };
  return (
    <div className="page sgs-page" data-testid="sgs-page">
      <PageHeader title={t('sgs.title')} sub={t('sgs.intro')} />
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k }, { replace: true })}
        items={shown.map((k) => ({ key: k, label: <span data-testid={`sgs-tab-${k}`}>{t(`sgs.tabs.${k}`)}</span>, children: body(k) }))}
      />
    </div>
  );
}
