// Ordering on a resident's behalf (the 24-hour hotline, or centre staff): find the elder who called
// in the register, including elders with no phone, then browse what their street offers and book.
import { useState } from 'react';
import { Button, Card, Empty, Flex, Input, Tag, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Person } from '@linli/contracts';
import { api, type Paged } from '../../lib/api.ts';
import { useRequest } from '../../lib/use-request.ts';
import { PersonTags } from '../../components/labels.tsx';
import { PageHeader, PageLoading } from '../../components/states.tsx';
import { ItemList, ItemRow } from '../../components/item-list.tsx';
import { CatalogueBrowser } from './browse-page.tsx';
import './services.css';

export default function HotlinePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const personId = params.get('personId');
  const [q, setQ] = useState(params.get('q') ?? '');
  const search = params.get('q') ?? '';
  const results = useRequest((signal) => api.get<Paged<Person>>('/api/persons', { q: search, pageSize: 20, status: 'active' }, signal), [search], !!search && !personId);
  const chosen = useRequest((signal) => api.get<Person>(`/api/persons/${personId}`, undefined, signal), [personId], !!personId);

  if (personId) {
    const p = chosen.data;
    return (
      <div className="page svc-page" data-testid="hotline-page">
        <Card size="small" style={{ marginBottom: 12 }} data-testid="hotline-chosen">
          <Flex justify="space-between" align="center" gap={8} wrap>
            <div>
              <b>{t('services.hotline.chosen', { name: p?.name ?? '…' })}</b>
              {p ? (
                <>
                  {' '}
                  · {t('services.hotline.age', { age: p.age })} · {p.phone ?? <Tag color="orange">{t('services.hotline.noPhone')}</Tag>}
                  <div className="muted">{p.address}</div>
                </>
              ) : null}
            </div>
            <Button onClick={() => setParams(search ? { q: search } : {})} data-testid="hotline-change">
              {t('services.hotline.change')}
            </Button>
          </Flex>
        </Card>
        <CatalogueBrowser personId={personId} title={t('services.hotline.title')} sub={t('services.browse.forPerson', { name: p?.name ?? '' })} />
      </div>
    );
  }

  return (
    <div className="page svc-page" data-testid="hotline-page">
      <PageHeader title={t('services.hotline.title')} sub={t('services.hotline.intro')} />
      <Input.Search
        size="large"
        allowClear
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onSearch={(v) => setParams(v.trim() ? { q: v.trim() } : {})}
        placeholder={t('services.hotline.search')}
        enterButton={t('services.hotline.searchButton')}
        data-testid="hotline-search"
        style={{ marginBottom: 12, maxWidth: 520 }}
      />
      {!search ? (
        <Typography.Paragraph type="secondary">{t('services.hotline.hint')}</Typography.Paragraph>
      ) : results.loading && !results.data ? (
        <PageLoading />
      ) : !results.data?.items.length ? (
        <Empty description={t('services.hotline.empty')} />
      ) : (
        <ItemList testId="hotline-results">
          {results.data.items.map((p) => (
            <ItemRow
              key={p.id}
              testId="hotline-person"
              data-person-id={p.id}
              onClick={() => setParams({ q: search, personId: p.id })}
              title={
                <Flex gap={6} wrap align="center">
                  <b>{p.name}</b>
                  <span>{t('services.hotline.age', { age: p.age })}</span>
                  {p.phone ? <span className="muted">{p.phone}</span> : <Tag color="orange" data-testid="no-phone">{t('services.hotline.noPhone')}</Tag>}
                </Flex>
              }
              description={
                <span>
                  {p.communityName} · {p.address} <PersonTags tags={p.tags} />
                </span>
              }
              extra={<Button type="primary">{t('services.hotline.choose')}</Button>}
            />
          ))}
        </ItemList>
      )}
    </div>
  );
}
