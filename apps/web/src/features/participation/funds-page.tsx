// The mutual-aid funds the user may see: a resident goes straight to their community's fund; staff
// and officials choose one.
import { useEffect, useState } from 'react';
import { Empty, Input } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Fund } from '@linli/contracts';
import { api } from '../../lib/api.ts';
import { useRequest } from '../../lib/use-request.ts';
import { ErrorState, PageHeader, PageLoading } from '../../components/states.tsx';
import { ItemList, ItemRow } from '../../components/item-list.tsx';
import { yuan } from './shared.tsx';
import './participation.css';

export default function FundsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const funds = useRequest((signal) => api.get<{ items: Fund[] }>('/api/funds', undefined, signal), []);
  const items = funds.data?.items ?? [];
  useEffect(() => {
    if (funds.data?.items.length === 1) navigate(`/funds/${funds.data.items[0]!.id}`, { replace: true });
  }, [funds.data, navigate]);
  if (funds.error) return <ErrorState error={funds.error} onRetry={funds.reload} />;
  if (!funds.data || items.length === 1) return <PageLoading />;
  const shown = items.filter((f) => !q || f.name.includes(q) || f.communityName.includes(q));
  return (
    <div className="page participation-page" data-testid="funds-page">
      <PageHeader title={t('participation.funds.title')} sub={t('participation.funds.intro', { ratio: 2 })} />
      {items.length === 0 ? (
        <Empty description={t('participation.funds.none')} />
      ) : (
        <>
          <Input.Search allowClear placeholder={t('participation.registry.search')} onSearch={setQ} onChange={(e) => setQ(e.target.value)} style={{ maxWidth: 320, marginBottom: 12 }} />
          <ItemList testId="fund-list">
            {shown.map((f) => (
              <ItemRow
                key={f.id}
                testId="fund-row"
                onClick={() => navigate(`/funds/${f.id}`)}
                title={f.name}
                description={`${t('participation.funds.donated')} ${yuan(f.balances.donatedFen)} · ${t('participation.funds.matched')} ${yuan(f.balances.matchedFen)}`}
                extra={<strong className="money">{yuan(f.balances.cashFen)}</strong>}
              />
            ))}
          </ItemList>
        </>
      )}
    </div>
  );
}
