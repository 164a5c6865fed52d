// The district service catalogue as officials see it: every item with its price, subsidies and who
// may order it; a street's officials switch items on and off for their street.
import { useMemo, useState } from 'react';
import { Input, Select, Switch, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AreaDetail, AreaSummary, ServiceCategory, ServiceItem } from '@linli/contracts';
import { api } from '../../lib/api.ts';
import { feedback, showError } from '../../lib/feedback.ts';
import { useRequest } from '../../lib/use-request.ts';
import { useMe } from '../../lib/session.tsx';
import { ErrorState, PageHeader } from '../../components/states.tsx';
import { groupName, yuan } from './shared.tsx';
import { ineligibleText } from './browse-page.tsx';
import './services.css';

export default function CataloguePage() {
  const { t } = useTranslation();
  const me = useMe();
  const ownStreets = me.roles.filter((r) => r.role === 'street_official' && r.areaId).map((r) => ({ id: r.areaId!, name: r.scopeName ?? '' }));
  const district = me.roles.some((r) => r.role === 'district_official' || r.role === 'district_admin');
  const streets = useRequest(async (signal) => {
    if (!district) return ownStreets;
    const roots = await api.get<{ items: AreaSummary[] }>('/api/areas/root', undefined, signal);
    const root = roots.items.find((r) => r.level === 'district');
    if (!root) return ownStreets;
    return (await api.get<AreaDetail>(`/api/areas/${root.id}`, undefined, signal)).children.filter((c) => c.level === 'street').map((c) => ({ id: c.id, name: c.name }));
  }, [district]);
  const [streetId, setStreetId] = useState<string | null>(null);
  const street = streetId ?? streets.data?.[0]?.id ?? null;
  const [category, setCategory] = useState<string | undefined>();
  const [q, setQ] = useState('');
  const categories = useRequest((signal) => api.get<{ items: ServiceCategory[] }>('/api/service-categories', undefined, signal), []);
  const items = useRequest((signal) => api.get<{ items: ServiceItem[] }>('/api/service-items', { streetId: street ?? undefined, categoryId: category, q: q || undefined }, signal), [street, category, q]);
  const [offered, setOffered] = useState<Record<string, boolean>>({});
  const canEdit = district || ownStreets.some((s) => s.id === street);
  const rows = useMemo(() => (items.data?.items ?? []).map((i) => ({ ...i, offered: offered[`${street}:${i.id}`] ?? i.offered })), [items.data, offered, street]);

  const toggle = async (item: ServiceItem, on: boolean) => {
    try {
      await api.post(`/api/streets/${street}/offerings`, { itemIds: [item.id], offered: on });
      setOffered((o) => ({ ...o, [`${street}:${item.id}`]: on }));
      feedback.success(t('services.catalogue.updated'));
    } catch (err) {
      showError(err);
    }
  };

  return (
    <div className="page svc-page" data-testid="catalogue-page">
      <PageHeader title={t('services.catalogue.title')} sub={t('services.catalogue.intro')} />
      <div className="svc-filters">
        <Select value={street ?? undefined} onChange={setStreetId} options={(streets.data ?? []).map((s) => ({ value: s.id, label: s.name }))} placeholder={t('services.catalogue.street')} style={{ minWidth: 160 }} data-testid="catalogue-street" />
        <Select allowClear value={category} onChange={setCategory} options={(categories.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.name}（${c.itemCount}）` }))} placeholder={t('services.catalogue.category')} style={{ minWidth: 160 }} />
        <Input.Search allowClear onSearch={(v) => setQ(v.trim())} placeholder={t('services.browse.search')} style={{ maxWidth: 280 }} />
      </div>
      {items.error ? <ErrorState error={items.error} onRetry={items.reload} /> : (
        <Table<ServiceItem>
          size="small"
          rowKey="id"
          loading={!items.data}
          dataSource={rows}
          pagination={{ pageSize: 50, showSizeChanger: false }}
          scroll={{ x: 640 }}
          data-testid="catalogue-table"
          columns={[
            { title: t('services.catalogue.item'), key: 'name', render: (_, i) => (<span>{i.name}<div className="muted">{i.category.name} · {i.meal ? t(`services.mealMode.${i.meal.mode}`) : t(`services.fulfilment.${i.fulfilment}`)}</div></span>) },
            { title: t('services.catalogue.price'), key: 'price', width: 100, render: (_, i) => (i.priceFen ? `${yuan(i.priceFen)}/${i.unit}` : t('services.price.free')) },
            { title: t('services.catalogue.subsidies'), key: 'sub', render: (_, i) => i.subsidies.map((s) => <Tag key={s.group}>{groupName(s.group, t)} {s.percent ? `${s.percent}%` : yuan(s.amountFen ?? 0)}</Tag>) },
            { title: t('services.catalogue.eligibility'), key: 'elig', width: 140, render: (_, i) => <Typography.Text type="secondary">{eligibilityText(i, t)}</Typography.Text> },
            {
              title: t('services.catalogue.offered'),
              key: 'offered',
              width: 96,
              render: (_, i) => <Switch checked={!!i.offered} disabled={!canEdit || !street} onChange={(on) => void toggle(i, on)} data-testid="offered-switch" />,
            },
          ]}
        />
      )}
    </div>
  );
}

function eligibilityText(i: ServiceItem, t: (k: string, o?: Record<string, unknown>) => string): string {
  const e = i.eligibility;
  const parts: string[] = [];
  if (e.minAge !== undefined) parts.push(ineligibleText(`min_age:${e.minAge}`, t));
  if (e.maxAge !== undefined) parts.push(ineligibleText(`max_age:${e.maxAge}`, t));
  if (e.groups?.length) parts.push(ineligibleText(`groups:${e.groups.join(',')}`, t));
  return parts.join('；') || t('services.catalogue.anyone');
}
