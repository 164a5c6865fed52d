// Community desk: one community's residents, households, compounds and buildings, and grids.
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { Breadcrumb, Card, Cascader, Col, Empty, Flex, Grid, Row, Select, Table, Tabs, Tag, Tree, Typography } from 'antd';
import { useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { FeatureCollection } from 'geojson';
import type { AreaDetail, AreaSummary, Household } from '@linli/contracts';
import { api, type Paged } from '../../lib/api.ts';
import { useRequest } from '../../lib/use-request.ts';
import { hasRole, useMe, useSession } from '../../lib/session.tsx';
import { formatNumber } from '../../lib/format.ts';
import { getConfig } from '../../lib/site.ts';
import { StatGrid } from '../../components/stat-grid.tsx';
import { ErrorState, PageHeader, PageLoading } from '../../components/states.tsx';
import { ResidentsList } from '../people/residents-list.tsx';
import { ItemList, ItemRow } from '../../components/item-list.tsx';
import { HouseholdDrawer } from '../people/person-actions.tsx';

const AreaMap = lazy(() => import('../../components/area-map.tsx').then((m) => ({ default: m.AreaMap })));

export default function CommunityPage() {
  const { t } = useTranslation();
  const { areaId } = useParams();
  const navigate = useNavigate();
  const roots = useRequest((signal) => api.get<{ items: AreaSummary[] }>('/api/areas/root', undefined, signal), []);

  const communityRoots = roots.data?.items.filter((r) => r.level === 'community') ?? [];
  const chosen = areaId ?? communityRoots[0]?.id;

  useEffect(() => {
    if (!areaId && communityRoots.length > 0) navigate(`/community/${communityRoots[0]!.id}`, { replace: true });
  }, [areaId, communityRoots, navigate]);

  if (roots.error) return <ErrorState error={roots.error} onRetry={roots.reload} />;
  if (!roots.data) return <PageLoading />;
  if (!chosen) {
    // Street and district users choose a community first.
    const higher = roots.data.items.filter((r) => r.level === 'district' || r.level === 'street');
    if (higher.length === 0) return <Empty description={t('community.noCommunity')} style={{ marginTop: 64 }} />;
    return (
      <div className="page">
        <PageHeader title={t('community.title')} />
        <Card>
          <Typography.Paragraph>{t('community.choose')}</Typography.Paragraph>
          <CommunityChooser roots={higher} onChoose={(id) => navigate(`/community/${id}`)} />
        </Card>
      </div>
    );
  }
  return <CommunityDesk key={chosen} communityId={chosen} roots={roots.data.items} />;
}

interface Option {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: Option[];
}

/** Cascading pick of district -> street -> community. */
function CommunityChooser({ roots, onChoose, value }: { roots: AreaSummary[]; onChoose: (id: string) => void; value?: string[] }) {
  const { t } = useTranslation();
  const [options, setOptions] = useState<Option[]>(() => roots.map((r) => ({ value: r.id, label: r.name, isLeaf: false })));
  const load = async (selected: Option[]) => {
    const target = selected[selected.length - 1];
    if (!target) return;
    const d = await api.get<AreaDetail>(`/api/areas/${target.value}`);
    target.children = d.children
      .filter((c) => c.level === 'street' || c.level === 'community')
      .map((c) => ({ value: c.id, label: c.name, isLeaf: c.level === 'community' }));
    setOptions((o) => [...o]);
  };
  return (
    <Cascader<Option>
      options={options}
      loadData={(s) => void load(s)}
      changeOnSelect={false}
      value={value}
      onChange={(v) => {
        const last = v?.[v.length - 1];
        if (last) onChoose(String(last));
      }}
      placeholder={t('community.choose')}
      style={{ width: '100%', maxWidth: 420 }}
      data-testid="community-chooser"
    />
  );
}

function CommunityDesk({ communityId, roots }: { communityId: string; roots: AreaSummary[] }) {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const [tab, setTab] = useState('residents');
  const detail = useRequest((signal) => api.get<AreaDetail>(`/api/areas/${communityId}`, undefined, signal), [communityId]);
  const canEdit = hasRole(me, 'community_staff', 'grid_worker');
  const communityRoots = roots.filter((r) => r.level === 'community');
  // Refresh the counts quietly after a change, without blanking the page.
  const refreshStats = () => {
    void api
      .get<AreaDetail>(`/api/areas/${communityId}`)
      .then((d) => detail.setData(d))
      .catch(() => undefined);
  };

  if (detail.error) return <ErrorState error={detail.error} onRetry={detail.reload} />;
  if (!detail.data) return <PageLoading />;
  const d = detail.data;

  return (
    <div className="page community-page" data-testid="community-page" data-area-id={d.id}>
      <Breadcrumb style={{ marginBottom: 8 }} items={d.breadcrumbs.slice(0, -1).map((b) => ({ key: b.id, title: b.name }))} />
      <PageHeader
        title={
          <span data-testid="community-name">
            {d.name} <Tag style={{ verticalAlign: 'middle' }}>{t(`levels.${d.level}`)}</Tag>
          </span>
        }
        sub={t('community.residentsCount', { count: d.stats.residents })}
        extra={
          communityRoots.length > 1 ? (
            <Select
              value={communityId}
              onChange={(id: string) => navigate(`/community/${id}`)}
              options={communityRoots.map((r) => ({ value: r.id, label: r.name }))}
              style={{ minWidth: 180 }}
              aria-label={t('community.choose')}
              data-testid="community-select"
            />
          ) : undefined
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <StatGrid stats={d.stats} testId="community-stats" />
      </Card>
      <Card size="small" styles={{ body: { paddingTop: 0 } }}>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          size={screens.md ? 'middle' : 'small'}
          data-testid="community-tabs"
          items={[
            { key: 'residents', label: t('community.residents'), children: <ResidentsList communityId={communityId} canEdit={canEdit} onChanged={refreshStats} /> },
            { key: 'households', label: t('community.households'), children: tab === 'households' ? <HouseholdsPanel communityId={communityId} canEdit={canEdit} /> : null },
            { key: 'buildings', label: t('community.buildings'), children: tab === 'buildings' ? <BuildingsPanel community={d} canEdit={canEdit} /> : null },
            { key: 'grids', label: t('community.grids'), children: tab === 'grids' ? <GridsPanel community={d} canEdit={canEdit} /> : null },
          ]}
        />
      </Card>
    </div>
  );
}

function HouseholdsPanel({ communityId, canEdit }: { communityId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(null);
  const list = useRequest((signal) => api.get<Paged<Household>>('/api/households', { areaId: communityId, page, pageSize: 20 }, signal), [communityId, page]);
  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} />;
  return (
    <>
      <Table<Household>
        rowKey="id"
        size={screens.md ? 'middle' : 'small'}
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        onRow={(h) => ({ onClick: () => setOpen(h.id), style: { cursor: 'pointer' }, 'data-testid': 'household-row' }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('community.address'), dataIndex: 'address', key: 'address' },
          { title: t('community.members'), dataIndex: 'memberCount', key: 'memberCount', width: 90, align: 'right', render: (n: number) => t('community.memberCount', { count: n }) },
          {
            title: t('stats.lowIncome'),
            dataIndex: 'lowIncome',
            key: 'lowIncome',
            width: 100,
            responsive: ['sm'],
            render: (v: boolean) => (v ? <Tag color="red">{t('community.lowIncomeHousehold')}</Tag> : null),
          },
        ]}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, simple: !screens.md, showTotal: (n) => t('app.total', { count: n }) }}
        data-testid="households-table"
      />
      {open ? <HouseholdDrawer householdId={open} canEdit={canEdit} onClose={() => { setOpen(null); list.reload(); }} /> : null}
    </>
  );
}

interface TreeNode {
  key: string;
  title: React.ReactNode;
  isLeaf: boolean;
  children?: TreeNode[];
}

function BuildingsPanel({ community, canEdit }: { community: AreaDetail; canEdit: boolean }) {
  const { t } = useTranslation();
  const [selected, setSelected] = useState<AreaSummary | null>(null);
  const nodeOf = (a: AreaSummary): TreeNode => ({
    key: a.id,
    isLeaf: a.level === 'building' || a.childCount === 0,
    title: (
      <span data-testid="building-node" data-level={a.level}>
        {a.name} <span className="muted">· {formatNumber(a.stats.residents)}</span>
      </span>
    ),
  });
  const [tree, setTree] = useState<TreeNode[]>(() => community.children.map(nodeOf));
  const [byId] = useState(() => new Map<string, AreaSummary>(community.children.map((c) => [c.id, c])));

  const load = async (key: string) => {
    const d = await api.get<AreaDetail>(`/api/areas/${key}`);
    d.children.forEach((c) => byId.set(c.id, c));
    const kids = d.children.map(nodeOf);
    const attach = (nodes: TreeNode[]): TreeNode[] => nodes.map((n) => (n.key === key ? { ...n, children: kids, isLeaf: kids.length === 0 } : n.children ? { ...n, children: attach(n.children) } : n));
    setTree((prev) => attach(prev));
  };

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={9}>
        <Typography.Text strong>
          {t('community.compounds')} / {t('community.buildingsUnder')}
        </Typography.Text>
        {tree.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
        ) : (
          <Tree
            treeData={tree}
            loadData={(n) => load(String(n.key))}
            height={420}
            blockNode
            onSelect={(keys) => {
              const k = keys[0];
              setSelected(k === undefined ? null : (byId.get(String(k)) ?? null));
            }}
            data-testid="buildings-tree"
          />
        )}
      </Col>
      <Col xs={24} md={15}>
        {selected ? (
          <>
            <Flex align="center" gap={8} style={{ marginBottom: 12 }}>
              <Typography.Title level={5} style={{ margin: 0 }}>
                {selected.name}
              </Typography.Title>
              <Tag>{t(`levels.${selected.level}`)}</Tag>
            </Flex>
            <StatGrid stats={selected.stats} testId="building-stats" />
            <div style={{ height: 16 }} />
            <ResidentsList communityId={community.id} areaId={selected.id} canEdit={canEdit} />
          </>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('community.chooseBuilding')} />
        )}
      </Col>
    </Row>
  );
}

function GridsPanel({ community, canEdit }: { community: AreaDetail; canEdit: boolean }) {
  const { t } = useTranslation();
  const { elderMode } = useSession();
  const [gridId, setGridId] = useState<string | null>(null);
  const geo = useRequest((signal) => api.get<FeatureCollection>('/api/map/grids', { areaId: community.id }, signal), [community.id]);
  const config = useRequest(() => getConfig(), []);
  const grid = useMemo(() => community.grids.find((g) => g.id === gridId), [community.grids, gridId]);

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={10}>
        {geo.error ? (
          <ErrorState error={geo.error} onRetry={geo.reload} />
        ) : geo.data ? (
          <Suspense fallback={<PageLoading />}>
            <div style={{ position: 'relative' }}>
              <AreaMap
                grids={geo.data}
                level="grid"
                stat="residents"
                selectedId={gridId}
                onSelect={(p) => setGridId(String(p.id))}
                basemap={config.data?.basemap ?? null}
                center={config.data?.center}
                height={300}
                elder={elderMode}
              />
              <Tag color="blue" data-testid="grid-count" data-count={geo.data.features.length} style={{ position: 'absolute', right: 4, top: 8, zIndex: 3 }}>
                {t('overview.gridCount', { count: geo.data.features.length })}
              </Tag>
            </div>
          </Suspense>
        ) : (
          <PageLoading />
        )}
        <div style={{ marginTop: 12 }}>
          <ItemList testId="grid-list">
            {community.grids.map((g) => (
              <ItemRow
                key={g.id}
                onClick={() => setGridId(g.id)}
                selected={g.id === gridId}
                testId="grid-row"
                title={g.name}
                description={<span className="mono">{g.code}</span>}
                extra={t('community.residentsCount', { count: g.stats.residents })}
              />
            ))}
          </ItemList>
        </div>
      </Col>
      <Col xs={24} md={14}>
        {grid ? (
          <>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {grid.name}
            </Typography.Title>
            <StatGrid stats={grid.stats} testId="grid-stats" />
            <div style={{ height: 16 }} />
            <ResidentsList communityId={community.id} gridId={grid.id} canEdit={canEdit} />
          </>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('overview.selectHint')} />
        )}
      </Col>
    </Row>
  );
}
