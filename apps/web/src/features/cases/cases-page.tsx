// Cases in the user's scope (staff) or the user's own reports (/cases/mine), with filters.
import { useState } from 'react';
import { Button, Checkbox, Flex, Input, Segmented } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useLocation, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/states.tsx';
import { CaseList } from './case-list.tsx';
import './cases.css';

export default function CasesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const mine = useLocation().pathname.endsWith('/mine');
  const [scope, setScope] = useState<'open' | 'all'>(mine ? 'all' : 'open');
  const [overdue, setOverdue] = useState(false);
  const [escalated, setEscalated] = useState(false);
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const query = {
    open: scope === 'open' ? 'true' : undefined,
    overdue: overdue ? 'true' : undefined,
    escalated: escalated ? 'true' : undefined,
    mine: mine ? 'true' : undefined,
    q: q || undefined,
  };
  return (
    <div className="page cases-page" data-testid={mine ? 'my-cases-page' : 'cases-page'}>
      <PageHeader
        title={mine ? t('cases.mine.title') : t('cases.list.title')}
        sub={mine ? t('cases.mine.intro') : undefined}
        extra={
          mine ? (
            <Button type="primary" size="large" icon={<PlusOutlined />} onClick={() => navigate('/cases/new')} data-testid="new-report">
              {t('cases.mine.new')}
            </Button>
          ) : undefined
        }
      />
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <Segmented
          value={scope}
          onChange={(v) => {
            setScope(v as 'open' | 'all');
            setPage(1);
          }}
          options={[
            { value: 'open', label: t('cases.list.open') },
            { value: 'all', label: t('cases.list.all') },
          ]}
          data-testid="case-scope"
        />
        {!mine ? (
          <>
            <Checkbox checked={overdue} onChange={(e) => setOverdue(e.target.checked)} data-testid="filter-overdue">
              {t('cases.list.overdueOnly')}
            </Checkbox>
            <Checkbox checked={escalated} onChange={(e) => setEscalated(e.target.checked)} data-testid="filter-escalated">
              {t('cases.list.escalatedOnly')}
            </Checkbox>
          </>
        ) : null}
        <Input.Search allowClear placeholder={t('cases.list.search')} onSearch={(v) => { setQ(v.trim()); setPage(1); }} style={{ maxWidth: 260 }} data-testid="case-search" />
      </Flex>
      <CaseList query={query} page={page} onPage={setPage} empty={mine ? t('cases.mine.empty') : undefined} />
    </div>
  );
}
