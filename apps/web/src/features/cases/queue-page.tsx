// A department's queue: cases dispatched to it, by stage, with the next step on each row
// (accept or return, start, mark handled with feedback and photos).
import { useState } from 'react';
import { Button, Flex, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseAction, CaseStatus, CaseSummary } from '@linli/contracts';
import { useMe } from '../../lib/session.tsx';
import { PageHeader } from '../../components/states.tsx';
import { CaseList } from './case-list.tsx';
import { TransitionModal } from './actions.tsx';
import './cases.css';

const TABS: CaseStatus[] = ['dispatched', 'accepted', 'in_progress', 'handled', 'closed'];
const NEXT: Partial<Record<CaseStatus, CaseAction[]>> = { dispatched: ['accept', 'return'], accepted: ['start', 'return'], in_progress: ['handle'] };

export default function QueuePage() {
  const { t } = useTranslation();
  const me = useMe();
  const orgs = me.roles.filter((r) => r.role === 'department_staff' && r.orgId);
  const [tab, setTab] = useState<CaseStatus>('dispatched');
  const [acting, setActing] = useState<{ c: CaseSummary; action: CaseAction } | null>(null);
  const [tick, setTick] = useState(0);
  const orgId = orgs.length === 1 ? orgs[0]!.orgId! : undefined;
  return (
    <div className="page queue-page" data-testid="queue-page">
      <PageHeader title={t('cases.queue.title')} sub={orgs.map((o) => o.scopeName).join('、') || t('cases.queue.intro')} />
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as CaseStatus)}
        items={TABS.map((s) => ({ key: s, label: <span data-testid={`queue-tab-${s}`}>{t(`cases.queue.tabs.${s}`)}</span> }))}
      />
      <CaseList
        key={`${tab}:${tick}`}
        query={{ status: tab, orgId }}
        empty={t('cases.queue.empty')}
        testId="queue-list"
        extra={(c) =>
          NEXT[c.status]?.length ? (
            <Flex gap={6} wrap onClick={(e) => e.stopPropagation()}>
              {NEXT[c.status]!.map((a) => (
                <Button key={a} type={a === 'return' ? 'default' : 'primary'} danger={a === 'return'} onClick={() => setActing({ c, action: a })} data-testid={`row-action-${a}`}>
                  {t(`cases.action.${a}`)}
                </Button>
              ))}
            </Flex>
          ) : null
        }
      />
      {acting ? (
        <TransitionModal
          c={acting.c}
          action={acting.action}
          onClose={() => setActing(null)}
          onChanged={() => setTick((n) => n + 1)}
        />
      ) : null}
    </div>
  );
}
