// Browse the services a resident's street offers, priced with their subsidy: search, categories,
// one card per item, "book" to choose a time. Residents see their own; staff and the hotline pass
// ?personId= (the hotline page embeds the browser for the elder who called).
import { useMemo, useState } from 'react';
import { Button, Card, Empty, Flex, Input, Segmented, Tag, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { ServiceCategory, ServiceItem } from '@linli/contracts';
import { api } from '../../lib/api.ts';
import { useRequest } from '../../lib/use-request.ts';
import { useSession } from '../../lib/session.tsx';
import { ErrorState, PageHeader, PageLoading } from '../../components/states.tsx';
import { PriceLine, groupName } from './shared.tsx';
import './services.css';

export default function BrowsePage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const personId = params.get('personId') ?? undefined;
  return (
    <div className="page svc-page" data-testid="services-browse">
      <CatalogueBrowser personId={personId} title={t('services.browse.title')} />
    </div>
  );
}

/** Why an item is not for this resident, in words. */
export function ineligibleText(reason: string | null, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (!reason) return '';
  const [kind, value = ''] = reason.split(':');
  if (kind === 'groups') return t('services.ineligible.groups', { groups: value.split(',').map((g) => groupName(g as never, t)).join('、') });
  return t(`services.ineligible.${kind}`, { n: value });
}

export function CatalogueBrowser({ personId, title, sub }: { personId?: string; title: string; sub?: React.ReactNode }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { elderMode } = useSession();
  const [category, setCategory] = useState<string>('all');
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const categories = useRequest((signal) => api.get<{ items: ServiceCategory[] }>('/api/service-categories', undefined, signal), []);
  const items = useRequest(
    (signal) => api.get<{ items: ServiceItem[]; street: { id: string; name: string } | null }>('/api/service-items', { personId, categoryId: category === 'all' ? undefined : category, q: search || undefined }, signal),
    [personId, category, search],
  );
  const shown = useMemo(() => {
    const list = items.data?.items ?? [];
    // Eligible first; within that, the catalogue's order.
    return [...list].sort((a, b) => Number(b.eligible !== false) - Number(a.eligible !== false));
  }, [items.data]);
  const offeredCategories = useMemo(() => (categories.data?.items ?? []).filter((c) => c.itemCount > 0), [categories.data]);

  if (categories.error) return <ErrorState error={categories.error} onRetry={categories.reload} />;
  const order = (item: ServiceItem) => navigate(`/services/order/${item.id}${personId ? `?personId=${personId}` : ''}`);

  return (
    <>
      <PageHeader title={title} sub={sub ?? (items.data?.street ? t('services.browse.street', { street: items.data.street.name }) : t('services.browse.intro'))} />
      <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
        {t('services.browse.intro')}
      </Typography.Paragraph>
      <Input.Search
        allowClear
        size="large"
        enterButton={<SearchOutlined />}
        placeholder={t('services.browse.search')}
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          if (!e.target.value) setSearch('');
        }}
        onSearch={(v) => setSearch(v.trim())}
        data-testid="service-search"
        style={{ marginBottom: 12 }}
      />
      <div className="svc-categories" data-testid="service-categories">
        <Segmented
          value={category}
          onChange={(v) => setCategory(String(v))}
          options={[{ value: 'all', label: t('services.browse.all') }, ...offeredCategories.map((c) => ({ value: c.id, label: <span data-testid={`category-${c.code}`}>{c.name}</span> }))]}
        />
      </div>
      {items.error ? <ErrorState error={items.error} onRetry={items.reload} /> : null}
      {!items.data && !items.error ? <PageLoading /> : null}
      {items.data && !shown.length ? <Empty description={t('services.browse.empty')} style={{ marginTop: 32 }} /> : null}
      <div className={elderMode ? 'svc-items svc-items-elder' : 'svc-items'} data-testid="service-items">
        {shown.map((item) => (
          <Card key={item.id} size="small" className="svc-item" data-testid="service-item" data-code={item.code} hoverable={item.eligible !== false} onClick={() => item.eligible !== false && order(item)}>
            <Flex justify="space-between" align="start" gap={8}>
              <div style={{ minWidth: 0 }}>
                <div className="svc-item-name">{item.name}</div>
                <Flex gap={4} wrap style={{ margin: '4px 0' }}>
                  <Tag style={{ marginInlineEnd: 0 }}>{item.category.name}</Tag>
                  <Tag color="blue" style={{ marginInlineEnd: 0 }}>
                    {item.meal ? t(`services.mealMode.${item.meal.mode}`) : t(`services.fulfilment.${item.fulfilment}`)}
                  </Tag>
                </Flex>
                <PriceLine quote={item.quote} unit={item.unit} />
                {item.eligible === false ? (
                  <div>
                    <Typography.Text type="warning">{ineligibleText(item.ineligibleReason, t)}</Typography.Text>
                  </div>
                ) : null}
              </div>
              <Button
                type="primary"
                size={elderMode ? 'large' : 'middle'}
                disabled={item.eligible === false}
                onClick={(e) => {
                  e.stopPropagation();
                  order(item);
                }}
                data-testid="service-order"
              >
                {item.eligible === false ? t('services.browse.notEligible') : item.fulfilment === 'meal' ? t('services.browse.orderMeal') : t('services.browse.order')}
              </Button>
            </Flex>
          </Card>
        ))}
      </div>
    </>
  );
}
