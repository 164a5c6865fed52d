// A work queue of orders by stage, with the next step as a button on each row: the street
// centre's desk (accept, assign, refuse) and a provider's work orders (confirm, check in, check
// out). Rows open the order; the list refreshes live.
import { useState } from 'react';
import { Button, Empty, Flex, Pagination, Tabs } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { OrderAction, OrderStatus, OrderSummary } from '@linli/contracts';
import { api, type Paged } from '../../lib/api.ts';
import { useRequest } from '../../lib/use-request.ts';
import { ErrorState, PageHeader, PageLoading } from '../../components/states.tsx';
import { ItemList } from '../../components/item-list.tsx';
import { OrderRow, TransitionModal, actionButtonType, useOrdersLive } from './shared.tsx';
import './services.css';

export interface QueueTab {
  key: string;
  statuses: OrderStatus[];
  /** The steps offered on each row of this tab. */
  actions: OrderAction[];
}

export function OrderQueue({ queue, title, intro, tabs, testId, emptyText }: { queue: 'centre' | 'provider'; title: string; intro: string; tabs: QueueTab[]; testId: string; emptyText: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [tab, setTab] = useState(tabs[0]!.key);
  const [page, setPage] = useState(1);
  const [acting, setActing] = useState<{ o: OrderSummary; action: OrderAction } | null>(null);
  const current = tabs.find((x) => x.key === tab)!;
  const list = useRequest((signal) => api.get<Paged<OrderSummary>>('/api/service-orders', { queue, status: current.statuses.join(','), page, pageSize: 20 }, signal), [queue, tab, page]);
  useOrdersLive(list.reload);
  return (
    <div className="page svc-page" data-testid={testId}>
      <PageHeader title={title} sub={intro} />
      <Tabs
        activeKey={tab}
        onChange={(k) => {
          setTab(k);
          setPage(1);
        }}
        items={tabs.map((x) => ({ key: x.key, label: <span data-testid={`queue-tab-${x.key}`}>{t(`services.${queue}.tabs.${x.key}`)}</span> }))}
      />
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : !list.data ? <PageLoading /> : !list.data.items.length ? <Empty description={emptyText} /> : (
        <>
          <ItemList testId={`${testId}-list`}>
            {list.data.items.map((o) => (
              <OrderRow
                key={o.id}
                o={o}
                onClick={() => navigate(`/services/orders/${o.id}`)}
                extra={
                  current.actions.length && current.statuses.includes(o.status) ? (
                    <Flex gap={6} wrap onClick={(e) => e.stopPropagation()}>
                      {current.actions
                        .filter((a) => (a === 'confirm' || a === 'decline' ? o.status === 'assigned' : a === 'check_in' || a === 'no_show' ? o.status === 'confirmed' : a === 'complete' ? o.status === 'in_service' : true))
                        .map((a) => (
                          <Button key={a} {...actionButtonType(a)} onClick={() => setActing({ o, action: a })} data-testid={`row-action-${a}`}>
                            {t(`services.action.${a}`)}
                          </Button>
                        ))}
                    </Flex>
                  ) : null
                }
              />
            ))}
          </ItemList>
          {list.data.total > 20 ? <Pagination simple current={page} pageSize={20} total={list.data.total} onChange={setPage} style={{ marginTop: 12 }} /> : null}
        </>
      )}
      {acting ? <TransitionModal o={acting.o} action={acting.action} onClose={() => setActing(null)} onChanged={() => list.reload()} /> : null}
    </div>
  );
}
