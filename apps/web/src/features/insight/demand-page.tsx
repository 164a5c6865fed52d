// The community demand map: streets, communities and grids as a choropleth, or H3 hexagons as a
// heat map, of residents by group (and module demand signals); click an area to drill down.
import { useMemo, useState } from 'react';
import { Breadcrumb, Button, Card, Col, Flex, Grid, Row, Segmented, Select, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { FeatureCollection } from 'geojson';
import { INSIGHT_GROUPS, type Dashboard, type InsightGroup } from '@linli/contracts';
import { api, withQuery } from '../../lib/api.ts';
import { useRequest } from '../../lib/use-request.ts';
import { useSession } from '../../lib/session.tsx';
import { getConfig } from '../../lib/site.ts';
import { formatNumber } from '../../lib/format.ts';
import { ErrorState, PageHeader, PageLoading } from '../../components/states.tsx';
import { ItemList, ItemRow } from '../../components/item-list.tsx';
import { InsightMap } from './insight-map.tsx';
import { useRollupReload } from './live.ts';

type Mode = 'areas' | 'hexes';
type Level = 'street' | 'community' | 'grid';

export default function DemandPage() {
  const { t } = useTranslation();
  const { elderMode } = useSession();
  const screens = Grid.useBreakpoint();
  const [mode, setMode] = useState<Mode>('areas');
  const [group, setGroup] = useState<InsightGroup>('aged60');
  const [res, setRes] = useState<number>(9);
  const [areaId, setAreaId] = useState<string | undefined>(undefined);
  const config = useRequest(() => getConfig(), []);
  // The area in focus (the actor's top area when none is chosen) decides the level shown.
  const focus = useRequest((signal) => api.get<Dashboard>('/api/insight/dashboard', { areaId }, signal), [areaId]);
  const focusLevel = focus.data?.area.level;
  const level: Level = focusLevel === 'district' ? 'street' : focusLevel === 'street' ? 'community' : 'grid';
  const [levelChoice, setLevelChoice] = useState<Level | null>(null);
  const shownLevel = levelChoice ?? level;
  const layer = useRequest(
    (signal) => (mode === 'areas' ? api.get<FeatureCollection>('/api/insight/demand', { level: shownLevel, areaId }, signal) : api.get<FeatureCollection>('/api/insight/hexes', { res, areaId }, signal)),
    [mode, shownLevel, res, areaId],
    !!focus.data,
  );
  useRollupReload(layer.reload);
  const top = useMemo(
    () => [...(layer.data?.features ?? [])].map((f) => f.properties as Record<string, unknown>).sort((a, b) => Number(b[group] ?? 0) - Number(a[group] ?? 0)).slice(0, 12),
    [layer.data, group],
  );
  const levels: Level[] = focusLevel === 'district' ? ['street', 'community', 'grid'] : focusLevel === 'street' ? ['community', 'grid'] : ['grid'];
  const drill = (p: Record<string, unknown>) => {
    if (mode !== 'areas') return;
    if (p.level === 'street' || p.level === 'community') {
      setAreaId(String(p.id));
      setLevelChoice(null);
    }
  };
  const height = screens.lg ? 620 : screens.md ? 480 : 380;

  if (focus.error) return <ErrorState error={focus.error} onRetry={focus.reload} />;
  const d = focus.data;
  return (
    <div className="page insight-demand" data-testid="insight-demand">
      <PageHeader
        title={t('insight.demand.title')}
        sub={
          d ? (
            <Breadcrumb
              data-testid="demand-breadcrumb"
              items={[...d.breadcrumbs, { id: d.area.id, name: d.area.name, level: d.area.level }].map((b, i, all) => ({
                key: b.id,
                title: i < all.length - 1 ? <a onClick={() => { setAreaId(b.id); setLevelChoice(null); }}>{b.name}</a> : <strong data-testid="demand-area-name">{b.name}</strong>,
              }))}
            />
          ) : null
        }
        extra={
          <Button icon={<DownloadOutlined />} href={mode === 'areas' ? withQuery('/api/insight/export/demand-areas.geojson', { level: shownLevel, areaId }) : withQuery('/api/insight/export/demand-hexes.geojson', { res, areaId })}>
            {t('insight.demand.export')}
          </Button>
        }
      />
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={17}>
          <Card
            size="small"
            styles={{ body: { padding: 8 } }}
            title={
              <Flex wrap gap={8} align="center" style={{ paddingBlock: 6 }}>
                <Segmented<Mode> value={mode} onChange={setMode} options={[{ value: 'areas', label: t('insight.demand.areas') }, { value: 'hexes', label: t('insight.demand.hexes') }]} data-testid="demand-mode" />
                {mode === 'areas' ? (
                  <Segmented<Level> value={shownLevel} onChange={setLevelChoice} options={levels.map((l) => ({ value: l, label: t(`insight.levels.${l}`) }))} data-testid="demand-level" />
                ) : (
                  <Segmented<number> value={res} onChange={setRes} options={[7, 8, 9].map((r) => ({ value: r, label: `H3 r${r}` }))} data-testid="demand-res" />
                )}
                <Select<InsightGroup> value={group} onChange={setGroup} style={{ minWidth: elderMode ? 200 : 140 }} options={INSIGHT_GROUPS.map((g) => ({ value: g, label: t(`insight.groups.${g}`) }))} data-testid="demand-group" aria-label={t('insight.demand.group')} />
              </Flex>
            }
          >
            {layer.data ? (
              <InsightMap
                testId="demand-map"
                fill={layer.data}
                value={group}
                legendTitle={t(`insight.groups.${group}`)}
                onSelect={drill}
                basemap={config.data?.basemap ?? null}
                center={config.data?.center}
                height={height}
                elder={elderMode}
                fitKey={`${mode}:${layer.data.features.length}:${String(layer.data.features[0]?.id ?? '')}`}
              />
            ) : layer.error ? (
              <ErrorState error={layer.error} onRetry={layer.reload} />
            ) : (
              <div style={{ height }}>
                <PageLoading />
              </div>
            )}
            {mode === 'areas' ? <Typography.Text type="secondary">{t('insight.demand.drillHint')}</Typography.Text> : null}
          </Card>
        </Col>
        <Col xs={24} lg={7}>
          <Card size="small" title={`${t('insight.demand.top')} · ${t(`insight.groups.${group}`)}`}>
            <ItemList testId="demand-top" maxHeight={height}>
              {top.map((p) => (
                <ItemRow
                  key={String(p.id)}
                  testId="demand-top-row"
                  title={String(p.name ?? p.id)}
                  onClick={() => drill(p)}
                  extra={<strong>{formatNumber(Number(p[group] ?? 0))}</strong>}
                />
              ))}
            </ItemList>
          </Card>
        </Col>
      </Row>
    </div>
  );
}
