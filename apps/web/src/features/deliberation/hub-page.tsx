// The deliberation hall (议事厅): ballots to vote in, topics under discussion, and for staff the
// register of property units that owners' ballots count.
import { useState } from 'react';
import { Button, Card, Empty, Flex, Segmented, Tabs, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { BallotSummary, PropertyUnit, TopicSummary } from '@linli/contracts';
import { api, type Paged } from '../../lib/api.ts';
import { useRequest } from '../../lib/use-request.ts';
import { useLiveEvent } from '../../lib/live.tsx';
import { hasRole, useMe, useSession } from '../../lib/session.tsx';
import { ErrorState, PageHeader, PageLoading } from '../../components/states.tsx';
import { ItemList, ItemRow } from '../../components/item-list.tsx';
import { AreaTreeSelect } from '../../components/area-tree-select.tsx';
import { BallotStatusTag, StageTag, when } from './shared.tsx';
import { AddUnitForm, CreateBallotDrawer, RaiseTopicModal } from './forms.tsx';
import './deliberation.css';

export default function DeliberationHub() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'ballots';
  const manager = hasRole(me, 'community_staff', 'street_official');
  const staff = manager || hasRole(me, 'district_admin', 'district_official', 'grid_worker', 'hotline_operator');
  const items = [
    { key: 'ballots', label: t('deliberation.tabs.ballots'), children: <BallotList manager={manager} /> },
    { key: 'topics', label: t('deliberation.tabs.topics'), children: <TopicList manager={manager} /> },
    ...(staff ? [{ key: 'units', label: t('deliberation.tabs.units'), children: <UnitsPanel manager={manager} /> }] : []),
  ];
  return (
    <div className="page delib-hub" data-testid="deliberation-page">
      <PageHeader title={t('deliberation.title')} sub={t('deliberation.intro')} />
      <Tabs activeKey={tab} onChange={(k) => setParams({ tab: k }, { replace: true })} items={items} />
    </div>
  );
}

function BallotList({ manager }: { manager: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [filter, setFilter] = useState<'open' | 'all'>('open');
  const [creating, setCreating] = useState(false);
  const req = useRequest((signal) => api.get<Paged<BallotSummary>>('/api/ballots', { status: filter === 'open' ? 'open' : undefined, pageSize: 50 }, signal), [filter]);
  useLiveEvent('ballot.updated', () => {
    void api.get<Paged<BallotSummary>>('/api/ballots', { status: filter === 'open' ? 'open' : undefined, pageSize: 50 }).then((d) => req.setData(d)).catch(() => undefined);
  });
  return (
    <>
      <Flex justify="space-between" wrap gap={8} style={{ marginBottom: 12 }}>
        <Segmented value={filter} onChange={(v) => setFilter(v as 'open' | 'all')} options={[{ value: 'open', label: t('deliberation.status.open') }, { value: 'all', label: t('app.all') }]} />
        {manager ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-ballot">
            {t('deliberation.staff.newBallot')}
          </Button>
        ) : null}
      </Flex>
      {req.error ? <ErrorState error={req.error} onRetry={req.reload} /> : !req.data ? <PageLoading /> : req.data.items.length === 0 ? <Empty description={t('deliberation.ballot.empty')} /> : (
        <ItemList testId="ballot-list">
          {req.data.items.map((b) => (
            <ItemRow
              key={b.id}
              testId="ballot-row"
              data-ballot-id={b.id}
              onClick={() => navigate(`/deliberation/ballots/${b.id}`)}
              title={
                <Flex gap={6} wrap align="center">
                  <BallotStatusTag status={b.status} />
                  <span>{b.title}</span>
                </Flex>
              }
              description={
                <span className="delib-row-meta">
                  <span>{b.areaName}</span>
                  <span>{t(`deliberation.kind.${b.kind}`)}</span>
                  <span>{b.status === 'scheduled' ? t('deliberation.ballot.opensAt', { time: when(b.opensAt) }) : t('deliberation.ballot.closesAt', { time: when(b.closesAt) })}</span>
                  <span>{t('deliberation.ballot.turnout', { voted: b.voted, eligible: b.eligible })}</span>
                </span>
              }
              extra={b.hasVoted ? <Tag color="success">{t('deliberation.ballot.voted')}</Tag> : b.canVote ? <Button type="primary" size="small">{t('deliberation.ballot.vote')}</Button> : undefined}
            />
          ))}
        </ItemList>
      )}
      <CreateBallotDrawer open={creating} onClose={() => setCreating(false)} onCreated={(b) => navigate(`/deliberation/ballots/${b.id}`)} />
    </>
  );
}

function TopicList({ manager }: { manager: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { elderMode } = useSession();
  const [raising, setRaising] = useState(false);
  const req = useRequest((signal) => api.get<Paged<TopicSummary>>('/api/topics', { pageSize: 50 }, signal), []);
  return (
    <>
      <Flex justify="flex-end" style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setRaising(true)} data-testid="raise-topic" size={elderMode ? 'large' : undefined}>
          {t('deliberation.topic.raise')}
        </Button>
      </Flex>
      {req.error ? <ErrorState error={req.error} onRetry={req.reload} /> : !req.data ? <PageLoading /> : req.data.items.length === 0 ? <Empty description={t('deliberation.topic.empty')} /> : (
        <ItemList testId="topic-list">
          {req.data.items.map((x) => (
            <ItemRow
              key={x.id}
              testId="topic-row"
              onClick={() => navigate(`/deliberation/topics/${x.id}`)}
              title={
                <Flex gap={6} wrap align="center">
                  <StageTag stage={x.stage} />
                  <span>{x.title}</span>
                </Flex>
              }
              description={
                <span className="delib-row-meta">
                  <span>{x.areaName}</span>
                  <span>{t('deliberation.topic.by', { name: x.raisedByName })}</span>
                  <span>{t('deliberation.topic.supporters', { count: x.supporterCount })}</span>
                  <span>{t('deliberation.topic.comments', { count: x.commentCount })}</span>
                </span>
              }
            />
          ))}
        </ItemList>
      )}
      <RaiseTopicModal open={raising} manager={manager} onClose={() => setRaising(false)} onRaised={(topic) => navigate(`/deliberation/topics/${topic.id}`)} />
    </>
  );
}

function UnitsPanel({ manager }: { manager: boolean }) {
  const { t } = useTranslation();
  const [buildingId, setBuildingId] = useState<string | undefined>();
  const req = useRequest(
    (signal) => api.get<{ items: PropertyUnit[]; electorate: { units: number; heads: number; totalAreaM2: string } }>('/api/property-units', { areaId: buildingId }, signal),
    [buildingId],
    !!buildingId,
  );
  return (
    <div data-testid="units-panel">
      <Card size="small" style={{ marginBottom: 12 }}>
        <Typography.Text strong>{t('deliberation.units.building')}</Typography.Text>
        <div style={{ marginTop: 6 }}>
          <AreaTreeSelect mode="area" value={buildingId} onChange={(v) => setBuildingId(v ?? undefined)} />
        </div>
      </Card>
      {!buildingId ? (
        <Empty description={t('deliberation.units.chooseBuilding')} />
      ) : req.error ? (
        <ErrorState error={req.error} onRetry={req.reload} />
      ) : !req.data ? (
        <PageLoading />
      ) : (
        <>
          <Typography.Paragraph strong data-testid="electorate">
            {t('deliberation.units.electorate', { units: req.data.electorate.units, heads: req.data.electorate.heads, area: req.data.electorate.totalAreaM2 })}
          </Typography.Paragraph>
          {req.data.items.length === 0 ? <Empty description={t('deliberation.units.empty')} /> : (
            <ItemList testId="unit-list">
              {req.data.items.map((u) => (
                <ItemRow
                  key={u.id}
                  title={`${u.buildingName} ${u.label}`}
                  description={u.ownerType === 'developer' ? `${t('deliberation.units.developer')} · ${u.developerName ?? ''}` : u.owners.map((o) => `${o.name}${u.owners.length > 1 ? ` (${o.share})` : ''}`).join('、')}
                  extra={<b>{u.areaM2} ㎡</b>}
                />
              ))}
            </ItemList>
          )}
          {manager ? (
            <Card size="small" title={t('deliberation.units.add')} style={{ marginTop: 12 }}>
              <AddUnitForm buildingId={buildingId} onAdded={() => req.reload()} />
            </Card>
          ) : null}
        </>
      )}
    </div>
  );
}
