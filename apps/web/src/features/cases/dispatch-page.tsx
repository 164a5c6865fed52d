// The dispatch board: reported cases to file (or reject, or merge), filed and returned cases to
// dispatch by rule or to another department with a reason, escalated cases to reassign, and the
// open and overdue count of every department's queue.
import { useState } from 'react';
import { Button, Card, Flex, Table, Tabs, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { CaseAction, CaseSummary } from '@linli/contracts';
import { OnTimeStats } from '@linli/contracts';
import { api } from '../../lib/api.ts';
import { useRequest } from '../../lib/use-request.ts';
import { ErrorState, PageHeader, PageLoading } from '../../components/states.tsx';
import { CaseList, useLiveReload } from './case-list.tsx';
import { TransitionModal } from './actions.tsx';
import './cases.css';

type Tab = 'reported' | 'filed' | 'escalated' | 'queues';
const ROW_ACTIONS: Record<Exclude<Tab, 'queues'>, CaseAction[]> = { reported: ['file', 'reject', 'merge'], filed: ['dispatch', 'reject'], escalated: ['reassign'] };

export default function DispatchPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('reported');
  const [acting, setActing] = useState<{ c: CaseSummary; action: CaseAction } | null>(null);
  const [tick, setTick] = useState(0);
  const list = (which: Exclude<Tab, 'queues'>) => (
    <CaseList
      key={`${which}:${tick}`}
      query={which === 'escalated' ? { escalated: 'true', status: 'dispatched,accepted,in_progress' } : { status: which }}
      empty={t('cases.dispatch.empty')}
      testId={`dispatch-${which}`}
      extra={(c) => (
        <Flex gap={6} wrap onClick={(e) => e.stopPropagation()}>
          {ROW_ACTIONS[which].map((a) => (
            <Button key={a} type={a === 'file' || a === 'dispatch' ? 'primary' : 'default'} danger={a === 'reject'} onClick={() => setActing({ c, action: a })} data-testid={`row-action-${a}`}>
              {t(`cases.action.${a}`)}
            </Button>
          ))}
        </Flex>
      )}
    />
  );
  return (
    <div className="page dispatch-page" data-testid="dispatch-page">
      <PageHeader title={t('cases.dispatch.title')} sub={t('cases.dispatch.intro')} />
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as Tab)}
        items={[
          { key: 'reported', label: <span data-testid="dispatch-tab-reported">{t('cases.dispatch.toFile')}</span>, children: tab === 'reported' ? list('reported') : null },
          { key: 'filed', label: <span data-testid="dispatch-tab-filed">{t('cases.dispatch.toDispatch')}</span>, children: tab === 'filed' ? list('filed') : null },
          { key: 'escalated', label: <span data-testid="dispatch-tab-escalated">{t('cases.dispatch.escalated')}</span>, children: tab === 'escalated' ? list('escalated') : null },
          { key: 'queues', label: <span data-testid="dispatch-tab-queues">{t('cases.dispatch.queues')}</span>, children: tab === 'queues' ? <DepartmentQueues /> : null },
        ]}
      />
      {acting ? <TransitionModal c={acting.c} action={acting.action} onClose={() => setActing(null)} onChanged={() => setTick((n) => n + 1)} /> : null}
    </div>
  );
}

type Stats = z.infer<typeof OnTimeStats>;

/** Every department with open cases, its open and overdue counts; expand a row to see its cases. */
function DepartmentQueues() {
  const { t } = useTranslation();
  const req = useRequest((signal) => api.get<Stats>('/api/cases/stats/on-time', { groupBy: 'department' }, signal), []);
  useLiveReload(() => void api.get<Stats>('/api/cases/stats/on-time', { groupBy: 'department' }).then((d) => req.setData(d)).catch(() => undefined));
  if (req.error) return <ErrorState error={req.error} onRetry={req.reload} />;
  if (!req.data) return <PageLoading />;
  const rows = req.data.items.filter((r) => r.open > 0 && r.id);
  return (
    <Card size="small">
      <Table
        size="small"
        rowKey={(r) => r.id ?? r.key}
        dataSource={rows}
        pagination={false}
        data-testid="department-queues"
        onRow={() => ({ 'data-testid': 'department-queue-row' }) as never}
        expandable={{ expandedRowRender: (r) => <CaseList query={{ orgId: r.id!, open: 'true' }} testId="department-queue-cases" />, expandRowByClick: true }}
        columns={[
          { key: 'name', title: t('cases.dispatch.department'), dataIndex: 'name' },
          { key: 'open', title: t('cases.stats.open'), dataIndex: 'open', align: 'right', render: (v: number) => <Tag color="blue">{v}</Tag> },
          { key: 'overdue', title: t('cases.stats.openOverdue'), dataIndex: 'openOverdue', align: 'right', render: (v: number) => (v ? <Tag color="red">{v}</Tag> : '0') },
        ]}
      />
    </Card>
  );
}
