// The grid worker's cases: open ones in the grid (due-soon and overdue flagged), those handled and
// waiting for the worker's verification, and the worker's own reports.
import { useState } from 'react';
import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/states.tsx';
import { CaseList } from '../cases/case-list.tsx';
import { NetBanner, useGridWorker } from './shared.tsx';
import '../cases/cases.css';

type Tab = 'grid' | 'verify' | 'mine' | 'all';

export default function GridCasesPage() {
  const { t } = useTranslation();
  const { grids, userId } = useGridWorker();
  const [tab, setTab] = useState<Tab>('grid');
  const [page, setPage] = useState(1);
  const gridId = grids.length === 1 ? grids[0]!.id : undefined;
  const query = {
    grid: { open: 'true', gridId },
    verify: { status: 'handled', gridId },
    mine: { mine: 'true' },
    all: { gridId },
  }[tab];
  return (
    <div className="page grid-cases narrow-page" data-testid="grid-cases-page">
      <PageHeader title={t('grid.cases.title')} />
      <NetBanner />
      <Segmented
        block
        value={tab}
        onChange={(v) => {
          setTab(v as Tab);
          setPage(1);
        }}
        options={(['grid', 'verify', 'mine', 'all'] as const).map((k) => ({ value: k, label: <span data-testid={`grid-cases-tab-${k}`}>{t(`grid.cases.tabs.${k}`)}</span> }))}
        style={{ marginBottom: 12 }}
      />
      <CaseList query={query} page={page} onPage={setPage} testId="grid-case-list" offlineFor={userId} />
    </div>
  );
}
