// The resource map and decision support: facilities with capacity and walking reach over the
// demand heat map, coverage gaps for a facility kind and group, and choosing k new sites.
import { useMemo, useState } from 'react';
import { Alert, Button, Card, Checkbox, Col, Flex, Grid, InputNumber, Progress, Row, Segmented, Select, Space, Switch, Typography } from 'antd';
import { AimOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Feature, FeatureCollection } from 'geojson';
import { INSIGHT_GROUPS, ResourceKind, type Coverage, type InsightGroup, type SitingResult } from '@linli/contracts';
import { api } from '../../lib/api.ts';
import { useRequest } from '../../lib/use-request.ts';
import { hasRole, useMe, useSession } from '../../lib/session.tsx';
import { getConfig } from '../../lib/site.ts';
import { formatNumber } from '../../lib/format.ts';
import { errorText } from '../../lib/feedback.ts';
import { ErrorState, PageHeader, PageLoading } from '../../components/states.tsx';
import { ItemList, ItemRow } from '../../components/item-list.tsx';
import { InsightMap } from './insight-map.tsx';
import { useRollupReload } from './live.ts';

type Kind = ResourceKind;
type Source = 'buildings' | 'huts' | 'marked';
const KINDS = ResourceKind.options;

/** A circle of radius metres as a 48-sided polygon (for drawing a chosen site's reach). */
function circle(lat: number, lon: number, metres: number): Feature {
  const ring: [number, number][] = [];
  const dLat = metres / 111_320;
  const dLon = metres / (111_320 * Math.cos((lat * Math.PI) / 180));
  for (let i = 0; i <= 48; i++) {
    const a = (i / 48) * 2 * Math.PI;
    ring.push([lon + dLon * Math.cos(a), lat + dLat * Math.sin(a)]);
  }
  return { type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: {} };
}

export default function ResourcesPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { elderMode } = useSession();
  const screens = Grid.useBreakpoint();
  const [kind, setKind] = useState<Kind>('elder_canteen');
  const [group, setGroup] = useState<InsightGroup>('aged60');
  const [walkM, setWalkM] = useState(1000);
  const [k, setK] = useState(3);
  const [objective, setObjective] = useState<'coverage' | 'distance'>('coverage');
  const [sources, setSources] = useState<Source[]>(['buildings', 'huts', 'marked']);
  const [marking, setMarking] = useState(false);
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<SitingResult | null>(null);
  const [runError, setRunError] = useState<unknown>(null);
  const planner = hasRole(me, 'district_official', 'district_admin', 'street_official');

  const config = useRequest(() => getConfig(), []);
  const hexes = useRequest((signal) => api.get<FeatureCollection>('/api/insight/hexes', { res: 9 }, signal), []);
  const resources = useRequest((signal) => api.get<FeatureCollection>('/api/insight/resources', { kind, walkM }, signal), [kind, walkM]);
  const coverage = useRequest((signal) => api.get<Coverage>('/api/insight/coverage', { kind, group, walkM }, signal), [kind, group, walkM]);
  const candidates = useRequest((signal) => api.get<{ items: { id: string; name: string; lat: number; lon: number }[] }>('/api/insight/candidates', undefined, signal), [], planner);
  useRollupReload(() => {
    hexes.reload();
    coverage.reload();
  });

  const points = useMemo<FeatureCollection>(() => {
    const facilities = (resources.data?.features ?? []).filter((f) => f.properties?.layer === 'facility');
    const marked = (candidates.data?.items ?? []).map((c): Feature => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [c.lon, c.lat] }, properties: { name: c.name, capacity: '候选' } }));
    return { type: 'FeatureCollection', features: [...facilities, ...marked] };
  }, [resources.data, candidates.data]);
  const reach = useMemo<FeatureCollection>(() => ({ type: 'FeatureCollection', features: (resources.data?.features ?? []).filter((f) => f.properties?.layer === 'reach') }), [resources.data]);
  const sites = useMemo<FeatureCollection | null>(() => {
    if (!result) return null;
    const radius = result.walkM / 1.3;
    return {
      type: 'FeatureCollection',
      features: result.chosen.flatMap((c): Feature[] => [circle(c.lat, c.lon, radius), { type: 'Feature', geometry: { type: 'Point', coordinates: [c.lon, c.lat] }, properties: { name: c.name } }]),
    };
  }, [result]);

  const run = async () => {
    setRunning(true);
    setRunError(null);
    try {
      setResult(await api.post<SitingResult>('/api/insight/siting', { kind, group, walkM, k, objective, candidates: sources }));
    } catch (err) {
      setRunError(err);
    } finally {
      setRunning(false);
    }
  };

  const mark = async (lat: number, lon: number) => {
    if (!marking) return;
    try {
      await api.post('/api/insight/candidates', { name: t('insight.siting.markedName', { n: (candidates.data?.items.length ?? 0) + 1 }), lat, lon });
      candidates.reload();
    } catch (err) {
      setRunError(err);
    }
  };

  const height = screens.lg ? 620 : screens.md ? 480 : 380;
  if (hexes.error) return <ErrorState error={hexes.error} onRetry={hexes.reload} />;
  const cov = coverage.data;
  return (
    <div className="page insight-resources" data-testid="insight-resources">
      <PageHeader title={t('insight.resources.title')} sub={cov ? t('insight.resources.factor', { f: cov.networkFactor }) : undefined} />
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={16}>
          <Card
            size="small"
            styles={{ body: { padding: 8 } }}
            title={
              <Flex wrap gap={8} align="center" style={{ paddingBlock: 6 }}>
                <Select<Kind> value={kind} onChange={setKind} style={{ minWidth: 150 }} options={KINDS.map((x) => ({ value: x, label: t(`insight.kinds.${x}`) }))} data-testid="resource-kind" aria-label={t('insight.resources.kind')} />
                <Select<InsightGroup> value={group} onChange={setGroup} style={{ minWidth: 130 }} options={INSIGHT_GROUPS.map((g) => ({ value: g, label: t(`insight.groups.${g}`) }))} data-testid="resource-group" />
                <Segmented<number> value={walkM} onChange={setWalkM} options={[500, 1000, 1500].map((m) => ({ value: m, label: `${m} m` }))} data-testid="resource-walk" />
                <span className="muted" data-testid="facility-count" data-count={points.features.length}>
                  {t('insight.resources.facilities', { n: (resources.data?.features ?? []).filter((f) => f.properties?.layer === 'facility').length })}
                </span>
              </Flex>
            }
          >
            {hexes.data ? (
              <InsightMap
                testId="resource-map"
                fill={hexes.data}
                value={group}
                legendTitle={t(`insight.groups.${group}`)}
                points={points}
                reach={reach}
                sites={sites}
                onMapClick={mark}
                basemap={config.data?.basemap ?? null}
                center={config.data?.center}
                height={height}
                elder={elderMode}
                fitKey="hexes"
              />
            ) : (
              <div style={{ height }}>
                <PageLoading />
              </div>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Flex vertical gap={12}>
            <Card size="small" title={t('insight.resources.coverage')} loading={!cov} data-testid="coverage-card">
              {cov ? (
                <>
                  <Progress percent={Math.round(cov.share * 1000) / 10} data-testid="coverage-share" data-value={cov.share} />
                  <Typography.Text>{t('insight.resources.covered', { covered: formatNumber(cov.covered), demand: formatNumber(cov.demand) })}</Typography.Text>
                  <Typography.Title level={5}>{t('insight.resources.hotSpots')}</Typography.Title>
                  <ItemList testId="coverage-hotspots" maxHeight={160}>
                    {cov.hotSpots.slice(0, 8).map((h) => (
                      <ItemRow key={h.cell} title={`${h.lat.toFixed(4)}, ${h.lon.toFixed(4)}`} extra={<span>{formatNumber(h.demand)} · {h.nearestM === null ? '—' : t('insight.resources.nearest', { m: formatNumber(h.nearestM) })}</span>} />
                    ))}
                  </ItemList>
                  <Typography.Title level={5}>{t('insight.resources.overServed')}</Typography.Title>
                  <ItemList testId="coverage-overserved" maxHeight={120}>
                    {cov.overServed.length ? cov.overServed.slice(0, 6).map((o) => <ItemRow key={o.id} title={o.name} extra={<span>{o.facilities} · {formatNumber(o.capacity)}/{formatNumber(o.demand)}</span>} />) : <ItemRow title={t('insight.siting.none')} />}
                  </ItemList>
                </>
              ) : null}
            </Card>
            {planner ? (
              <Card size="small" title={t('insight.siting.title')} data-testid="siting-card">
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Flex gap={8} align="center" wrap>
                    <span>{t('insight.siting.k')}</span>
                    <InputNumber min={1} max={20} value={k} onChange={(v) => setK(Number(v ?? 1))} data-testid="siting-k" />
                    <Segmented value={objective} onChange={(v) => setObjective(v as 'coverage' | 'distance')} options={[{ value: 'coverage', label: t('insight.siting.coverage') }, { value: 'distance', label: t('insight.siting.distance') }]} />
                  </Flex>
                  <Checkbox.Group value={sources} onChange={(v) => setSources(v as Source[])} options={(['buildings', 'huts', 'marked'] as Source[]).map((s) => ({ value: s, label: t(`insight.siting.${s}`) }))} />
                  <Flex gap={8} align="center">
                    <Switch checked={marking} onChange={setMarking} size="small" data-testid="siting-mark" />
                    <span>{marking ? t('insight.siting.marking') : t('insight.siting.mark')}</span>
                  </Flex>
                  <Button type="primary" icon={<AimOutlined />} loading={running} onClick={run} disabled={!sources.length} data-testid="siting-run" block>
                    {t('insight.siting.run')}
                  </Button>
                  {runError ? <Alert type="error" message={errorText(runError)} /> : null}
                  {result ? (
                    <div data-testid="siting-result" data-chosen={result.chosen.length} data-gap={result.gap}>
                      <Typography.Text strong>{t('insight.siting.gained', { before: formatNumber(result.coveredBefore), after: formatNumber(result.coveredAfter) })}</Typography.Text>
                      <br />
                      <Typography.Text>{t('insight.siting.walk', { before: formatNumber(result.meanWalkBefore), after: formatNumber(result.meanWalkAfter) })}</Typography.Text>
                      <br />
                      <Typography.Text type="secondary">
                        {t('insight.siting.gap', { gap: (result.gap * 100).toFixed(2), by: result.boundBy })} · {t('insight.siting.ms', { ms: result.ms })}
                      </Typography.Text>
                      <ItemList testId="siting-chosen">
                        {result.chosen.map((c, i) => (
                          <ItemRow key={i} title={`${i + 1}. ${c.name}`} description={c.source} extra={<strong>+{formatNumber(c.gain)}</strong>} />
                        ))}
                      </ItemList>
                    </div>
                  ) : null}
                </Space>
              </Card>
            ) : null}
          </Flex>
        </Col>
      </Row>
    </div>
  );
}
