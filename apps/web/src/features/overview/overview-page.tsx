// District overview: a map of every grid coloured by a chosen count, the area tree, and a drill-down panel.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Breadcrumb, Button, Card, Col, Empty, Flex, Grid, Row, Segmented, Select, Tag, Tree, Typography } from 'antd';
import { RightOutlined, TeamOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { FeatureCollection } from 'geojson';
import type { AreaDetail, AreaSummary } from '@linli/contracts';
import { api } from '../../lib/api.ts';
import { useRequest } from '../../lib/use-request.ts';
import { hasRole, useMe, useSession } from '../../lib/session.tsx';
import { getConfig } from '../../lib/site.ts';
import { formatNumber } from '../../lib/format.ts';
import type { GridProps, StatKey } from '../../lib/geo.ts';
import { AreaMap, type MapLevel } from '../../components/area-map.tsx';
import { BarChart } from '../../components/bar-chart.tsx';
import { StatGrid } from '../../components/stat-grid.tsx';
import { STAT_KEYS } from '../../components/labels.tsx';
import { ItemList, ItemRow } from '../../components/item-list.tsx';
import { ErrorState, PageHeader, PageLoading } from '../../components/states.tsx';

type Selection = { kind: 'area'; id: string } | { kind: 'grid'; grid: GridProps };

export default function OverviewPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { elderMode } = useSession();
  const screens = Grid.useBreakpoint();
  const navigate = useNavigate();
  const [stat, setStat] = useState<StatKey>('aged60');
  const [level, setLevel] = useState<MapLevel>('grid');
  const [selection, setSelection] = useState<Selection | null>(null);
  const [focusId, setFocusId] = useState<string | null>(null);
  // Set when an area is opened from the panel or the tree, so the map follows once its detail arrives.
  const [follow, setFollow] = useState(false);

  const roots = useRequest((signal) => api.get<{ items: AreaSummary[] }>('/api/areas/root', undefined, signal), []);
  const config = useRequest(() => getConfig(), []);
  const root = roots.data?.items[0];
  // A street official sees one street; start their map at community level.
  useEffect(() => {
    if (root && root.level !== 'district') setLevel((l) => (l === 'street' ? 'community' : l));
  }, [root]);
  const scopeId = root && roots.data?.items.length === 1 && root.level !== 'district' ? root.id : undefined;

  const grids = useRequest((signal) => api.get<FeatureCollection>('/api/map/grids', { areaId: scopeId }, signal), [scopeId], !!roots.data);
  const areas = useRequest(
    (signal) => api.get<FeatureCollection>('/api/map/areas', { level, areaId: scopeId }, signal),
    [level, scopeId],
    !!roots.data && level !== 'grid',
  );

  const selectedAreaId = selection?.kind === 'area' ? selection.id : root?.id;
  const detail = useRequest((signal) => api.get<AreaDetail>(`/api/areas/${selectedAreaId}`, undefined, signal), [selectedAreaId], !!selectedAreaId);

  const levels: MapLevel[] = root?.level === 'district' ? ['street', 'community', 'grid'] : ['community', 'grid'];
  const openArea = useCallback((id: string) => {
    setSelection({ kind: 'area', id });
    setFollow(true);
  }, []);
  useEffect(() => {
    const d = detail.data;
    if (!follow || !d || d.id !== selectedAreaId) return;
    setFollow(false);
    if ((d.level === 'street' || d.level === 'community') && levels.includes(d.level) && d.id !== root?.id) {
      setLevel(d.level);
      setFocusId(d.id);
    } else if (d.level === 'compound' || d.level === 'building') {
      const community = d.breadcrumbs.find((b) => b.level === 'community');
      setLevel('community');
      setFocusId(community?.id ?? null);
    } else setFocusId(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [detail.data, follow]);

  const onSelect = useCallback((p: Record<string, unknown>, kind: 'grid' | 'area') => {
    if (kind === 'grid') setSelection({ kind: 'grid', grid: p as unknown as GridProps });
    else setSelection({ kind: 'area', id: String(p.id) });
  }, []);

  const gridCount = grids.data?.features.length ?? 0;
  const mapHeight = screens.lg ? 600 : screens.md ? 460 : 360;

  if (roots.error) return <ErrorState error={roots.error} onRetry={roots.reload} />;

  const toolbar = (
    <Flex wrap gap={8} align="center" className="map-toolbar">
      <Segmented<MapLevel>
        value={level}
        onChange={setLevel}
        options={levels.map((l) => ({ value: l, label: t(`levels.${l}`) }))}
        data-testid="map-level"
      />
      <Select<StatKey>
        value={stat}
        onChange={setStat}
        options={STAT_KEYS.map((k) => ({ value: k, label: t(`stats.${k}`) }))}
        style={{ minWidth: elderMode ? 200 : 140 }}
        aria-label={t('overview.colourBy')}
        data-testid="stat-select"
        prefix={screens.sm ? `${t('overview.colourBy')}:` : undefined}
      />
      <Tag color="blue" data-testid="grid-count" data-count={gridCount} style={{ fontSize: elderMode ? 18 : 14, padding: '4px 10px' }}>
        {grids.loading ? t('app.loading') : t('overview.gridCount', { count: gridCount })}
      </Tag>
    </Flex>
  );

  const mapSelectedId = selection?.kind === 'grid' ? selection.grid.id : selection?.kind === 'area' ? selection.id : null;

  return (
    <div className="page overview-page">
      <PageHeader title={t('overview.title')} sub={root && root.level !== 'district' ? `${me.districtName} · ${root.name}` : me.districtName} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15} xxl={16}>
          <Card size="small" title={toolbar} styles={{ header: { paddingBlock: 8 }, body: { padding: 8 } }}>
            {grids.error ? (
              <ErrorState error={grids.error} onRetry={grids.reload} />
            ) : grids.data && (level === 'grid' || areas.data) ? (
              <AreaMap
                grids={grids.data}
                areas={level === 'grid' ? null : areas.data}
                level={level}
                stat={stat}
                selectedId={mapSelectedId}
                focusId={focusId}
                onSelect={onSelect}
                basemap={config.data?.basemap ?? null}
                center={config.data?.center}
                height={mapHeight}
                elder={elderMode}
              />
            ) : (
              <div style={{ height: mapHeight }}>
                <PageLoading />
              </div>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={9} xxl={8}>
          <Flex vertical gap={16}>
            {selection?.kind === 'grid' ? (
              <GridPanel
                grid={selection.grid}
                stat={stat}
                onCommunity={() => openArea(selection.grid.communityId)}
                onOpenDesk={hasRole(me, 'community_staff', 'grid_worker', 'street_official', 'district_official', 'district_admin') ? () => navigate(`/community/${selection.grid.communityId}`) : undefined}
              />
            ) : (
              <AreaPanel
                detail={detail.data}
                loading={detail.loading}
                error={detail.error}
                onRetry={detail.reload}
                stat={stat}
                elder={elderMode}
                onOpen={openArea}
                onOpenDesk={(id) => navigate(`/community/${id}`)}
              />
            )}
            <AreaTree roots={roots.data?.items ?? []} selectedId={selectedAreaId} onSelect={openArea} />
          </Flex>
        </Col>
      </Row>
    </div>
  );
}

function AreaPanel(props: {
  detail: AreaDetail | undefined;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  stat: StatKey;
  elder: boolean;
  onOpen: (id: string) => void;
  onOpenDesk: (id: string) => void;
}) {
  const { t } = useTranslation();
  const { detail, stat } = props;
  const bars = useMemo(() => (detail?.children ?? []).map((c) => ({ id: c.id, name: c.name, value: c.stats[stat] })), [detail, stat]);
  if (props.error) return <ErrorState error={props.error} onRetry={props.onRetry} />;
  if (!detail) return <Card loading={props.loading} />;
  const childLevel = detail.children[0]?.level;
  return (
    <Card
      size="small"
      data-testid="area-panel"
      data-area-id={detail.id}
      loading={props.loading && !detail}
      title={
        <Flex vertical gap={4} style={{ paddingBlock: 6 }}>
          <Breadcrumb
            data-testid="area-breadcrumb"
            items={detail.breadcrumbs.map((b, i) => ({
              key: b.id,
              title:
                i < detail.breadcrumbs.length - 1 ? (
                  <a onClick={() => props.onOpen(b.id)} role="link">
                    {b.name}
                  </a>
                ) : (
                  b.name
                ),
            }))}
          />
          <Flex align="center" gap={8}>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="area-name">
              {detail.name}
            </Typography.Title>
            <Tag>{t(`levels.${detail.level}`)}</Tag>
          </Flex>
        </Flex>
      }
      extra={
        detail.level === 'community' ? (
          <Button type="primary" size="small" icon={<TeamOutlined />} onClick={() => props.onOpenDesk(detail.id)} data-testid="open-community">
            {t('overview.openCommunity')}
          </Button>
        ) : undefined
      }
    >
      <StatGrid stats={detail.stats} testId="area-stats" highlight={stat} />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('overview.chartTitle', { stat: t(`stats.${stat}`) })}
        {childLevel ? <span className="muted"> · {t(`levels.${childLevel}`)}</span> : null}
      </Typography.Title>
      {bars.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('overview.noChildren')} />
      ) : (
        <>
          <BarChart bars={bars.slice(0, 40)} onClick={props.onOpen} fontSize={props.elder ? 16 : 12} colour={props.elder ? '#003a8c' : '#3f7cc6'} testId="children-chart" />
          <ItemList testId="children-list" maxHeight={360}>
            {[...detail.children].sort((a, b) => b.stats[stat] - a.stats[stat]).map((c) => (
              <ItemRow
                key={c.id}
                onClick={() => props.onOpen(c.id)}
                testId="child-row"
                data-area-id={c.id}
                title={c.name}
                extra={
                  <>
                    <span>
                      {t(`stats.${stat}`)} <strong>{formatNumber(c.stats[stat])}</strong>
                    </span>
                    <RightOutlined />
                  </>
                }
              />
            ))}
          </ItemList>
        </>
      )}
    </Card>
  );
}

function GridPanel({ grid, stat, onCommunity, onOpenDesk }: { grid: GridProps; stat: StatKey; onCommunity: () => void; onOpenDesk?: () => void }) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      data-testid="grid-panel"
      data-grid-id={grid.id}
      title={
        <Flex vertical gap={4} style={{ paddingBlock: 6 }}>
          <Breadcrumb items={[{ title: grid.streetName }, { title: <a onClick={onCommunity}>{grid.communityName}</a> }, { title: grid.name }]} />
          <Flex align="center" gap={8}>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="grid-name">
              {grid.name}
            </Typography.Title>
            <Tag>{t('levels.grid')}</Tag>
            <span className="muted mono">{grid.code}</span>
          </Flex>
        </Flex>
      }
    >
      <StatGrid stats={grid} testId="grid-stats" highlight={stat} />
      <Flex gap={8} wrap style={{ marginTop: 16 }}>
        <Button onClick={onCommunity} data-testid="grid-community">
          {t('overview.community')}: {grid.communityName}
        </Button>
        {onOpenDesk ? (
          <Button type="primary" icon={<TeamOutlined />} onClick={onOpenDesk}>
            {t('overview.openCommunity')}
          </Button>
        ) : null}
      </Flex>
    </Card>
  );
}

interface TreeNode {
  key: string;
  title: React.ReactNode;
  isLeaf: boolean;
  children?: TreeNode[];
}

function nodeOf(a: AreaSummary, t: (k: string) => string): TreeNode {
  return {
    key: a.id,
    isLeaf: a.level === 'building' || a.childCount === 0,
    title: (
      <span data-testid="tree-node" data-level={a.level}>
        {a.name} <span className="muted">· {formatNumber(a.stats.residents)} {t('overview.residentsShort')}</span>
      </span>
    ),
  };
}

function AreaTree({ roots, selectedId, onSelect }: { roots: AreaSummary[]; selectedId?: string; onSelect: (id: string) => void }) {
  const { t } = useTranslation();
  const [tree, setTree] = useState<TreeNode[]>([]);
  useEffect(() => setTree(roots.map((r) => nodeOf(r, t))), [roots, t]);

  const load = async (key: string) => {
    const d = await api.get<AreaDetail>(`/api/areas/${key}`);
    const kids = d.children.map((c) => nodeOf(c, t));
    const attach = (nodes: TreeNode[]): TreeNode[] => nodes.map((n) => (n.key === key ? { ...n, children: kids, isLeaf: kids.length === 0 } : n.children ? { ...n, children: attach(n.children) } : n));
    setTree((prev) => attach(prev));
  };

  return (
    <Card size="small" title={t('overview.areaTree')} data-testid="area-tree">
      {tree.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <Tree
          treeData={tree}
          loadData={(n) => load(String(n.key))}
          selectedKeys={selectedId ? [selectedId] : []}
          onSelect={(keys) => {
            const k = keys[0];
            if (k !== undefined) onSelect(String(k));
          }}
          height={360}
          blockNode
        />
      )}
    </Card>
  );
}
