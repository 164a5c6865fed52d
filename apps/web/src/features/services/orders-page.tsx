// "My services": the orders placed by or for the signed-in user, open ones first; each opens its
// detail page (follow, cancel, rate, complain).
import { useState } from 'react';
import { Button, Empty, Pagination, Segmented } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { OrderSummary } from '@linli/contracts';
import { api, type Paged } from '../../lib/api.ts';
import { useRequest } from '../../lib/use-request.ts';
import { useSession } from '../../lib/session.tsx';
import { ErrorState, PageHeader, PageLoading } from '../../components/states.tsx';
import { ItemList } from '../../components/item-list.tsx';
import { OrderRow, useOrdersLive } from './shared.tsx';
import './services.css';

const OPEN = 'placed,accepted,assigned,confirmed,in_service';
const DONE = 'completed,rated,cancelled,refused,no_show';

export default function OrdersPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { elderMode } = useSession();
  const [tab, setTab] = useState<'open' | 'done'>('open');
  const [page, setPage] = useState(1);
  const list = useRequest((signal) => api.get<Paged<OrderSummary>>('/api/service-orders', { queue: 'mine', status: tab === 'open' ? OPEN : DONE, page, pageSize: 20 }, signal), [tab, page]);
  useOrdersLive(list.reload);
  return (
    <div className={`page svc-page${elderMode ? ' svc-elder' : ''}`} data-testid="my-orders">
      <PageHeader title={t('services.orders.title')} extra={<Button type="primary" onClick={() => navigate('/services')}>{t('services.nav.browse')}</Button>} />
      <Segmented
        block
        size="large"
        value={tab}
        onChange={(v) => {
          setTab(v as 'open' | 'done');
          setPage(1);
        }}
        options={[
          { value: 'open', label: <span data-testid="orders-tab-open">{t('services.orders.open')}</span> },
          { value: 'done', label: <span data-testid="orders-tab-done">{t('services.orders.done')}</span> },
        ]}
        style={{ marginBottom: 12 }}
      />
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : !list.data ? <PageLoading /> : !list.data.items.length ? <Empty description={t('services.orders.empty')} /> : (
        <>
          <ItemList testId="orders-list">
            {list.data.items.map((o) => (
              <OrderRow key={o.id} o={o} onClick={() => navigate(`/services/orders/${o.id}`)} extra={o.status === 'completed' ? <Button type="primary" size="small">{t('services.orders.rateNow')}</Button> : null} />
            ))}
          </ItemList>
          {list.data.total > 20 ? <Pagination simple current={page} pageSize={20} total={list.data.total} onChange={setPage} style={{ marginTop: 12 }} /> : null}
        </>
      )}
    </div>
  );
}
