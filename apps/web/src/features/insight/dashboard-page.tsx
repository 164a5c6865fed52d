// The district dashboard: residents by group and every module's figures for an area and period,
// its parts side by side, updating live as roll-ups change; streets and communities see their own.
import { useMemo, useState } from 'react';
import { Badge, Breadcrumb, Button, Card, Col, Empty, Flex, Row, Segmented, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { FIGURES, type Dashboard, type InsightGroup } from '@linli/contracts';
import { api, withQuery } from '../../lib/api.ts';
import { useRequest } from '../../lib/use-request.ts';
import { districtTime, formatNumber } from '../../lib/format.ts';
import { ErrorState, PageHeader, PageLoading } from '../../components/states.tsx';
import { useRollupReload } from './live.ts';

type Period = 'year' | 'month' | 'days30' | 'all';
/** Cells at least 110 px wide, so large counts are never cut on phones. */
const GRID = { gridTemplateColumns: 'repeat(auto-fill, minmax(110px, 1fr))' };
const SHOWN: InsightGroup[] = ['residents', 'households', 'aged60', 'aged80', 'livingAlone60', 'disabled', 'lowIncome', 'minors'];

function periodRange(p: Period): { from?: string; to?: string } {
  const today = dayjs();
  if (p === 'month') return { from: today.startOf('month').format('YYYY-MM-DD') };
  if (p === 'days30') return { from: today.subtract(29, 'day').format('YYYY-MM-DD') };
  if (p === 'all') return { from: '2000-01-01' };
  return {};
}

export default function DashboardPage() {
  const { t } = useTranslation();
  const [areaId, setAreaId] = useState<string | undefined>(undefined);
  const [period, setPeriod] = useState<Period>('year');
  const range = periodRange(period);
  const dash = useRequest((signal) => api.get<Dashboard>('/api/insight/dashboard', { areaId, ...range }, signal), [areaId, period]);
  const updated = useRollupReload(dash.reload);
  const d = dash.data;

  const columns = useMemo(
    () => [
      { title: '', dataIndex: 'name', key: 'name', fixed: 'left' as const, render: (v: string) => <a>{v}</a> },
      ...SHOWN.map((g) => ({ title: t(`insight.groups.${g}`), key: g, align: 'right' as const, render: (_: unknown, r: Dashboard['children'][number]) => formatNumber(r.groups[g]) })),
      ...FIGURES.map((f) => ({ title: t(`insight.figures.${f.key}`), key: f.key, align: 'right' as const, render: (_: unknown, r: Dashboard['children'][number]) => formatNumber(r.figures[f.key]) })),
    ],
    [t],
  );

  if (dash.error && !d) return <ErrorState error={dash.error} onRetry={dash.reload} />;
  if (!d) return <PageLoading />;
  const exportQuery = { areaId: d.area.id };
  return (
    <div className="page insight-dashboard" data-testid="insight-dashboard" data-area-id={d.area.id} data-area-level={d.area.level}>
      <PageHeader
        title={t('insight.dashboard.title')}
        sub={
          <Breadcrumb
            data-testid="insight-breadcrumb"
            items={[...d.breadcrumbs, { id: d.area.id, name: d.area.name, level: d.area.level }].map((b, i, all) => ({
              key: b.id,
              title: i < all.length - 1 ? <a onClick={() => setAreaId(b.id)}>{b.name}</a> : <strong data-testid="insight-area-name">{b.name}</strong>,
            }))}
          />
        }
        extra={
          <>
            <Badge status="processing" text={updated ? t('insight.dashboard.updated', { time: districtTime(new Date(updated).toISOString()).format('HH:mm:ss') }) : t('insight.dashboard.live')} data-testid="insight-live" />
            <Button icon={<DownloadOutlined />} href={withQuery('/api/insight/export/dashboard.csv', exportQuery)}>{t('insight.export.csv')}</Button>
            <Button icon={<DownloadOutlined />} href={withQuery('/api/insight/export/dashboard.xlsx', exportQuery)}>{t('insight.export.xlsx')}</Button>
            <Button icon={<PrinterOutlined />} href={withQuery('/api/insight/report', exportQuery)} target="_blank" data-testid="insight-report">{t('insight.dashboard.report')}</Button>
          </>
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Segmented<Period> value={period} onChange={setPeriod} options={(['year', 'month', 'days30', 'all'] as Period[]).map((p) => ({ value: p, label: t(`insight.period.${p}`) }))} data-testid="insight-period" />
        <Tag>{d.period.from} – {d.period.to}</Tag>
      </Flex>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('insight.dashboard.residents')}>
            <div className="stat-grid" data-testid="insight-groups" style={GRID}>
              {SHOWN.map((g) => (
                <div key={g} className="stat-cell" data-testid={`insight-group-${g}`} data-value={d.groups[g]}>
                  <div className="stat-cell-label">{t(`insight.groups.${g}`)}</div>
                  <div className="stat-cell-value">{formatNumber(d.groups[g])}</div>
                </div>
              ))}
            </div>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('insight.dashboard.services')}>
            <div className="stat-grid" data-testid="insight-figures" style={GRID}>
              {FIGURES.map((f) => (
                <div key={f.key} className="stat-cell" data-testid={`insight-figure-${f.key}`} data-value={d.figures[f.key] ?? ''} title={d.figures[f.key] === null ? t('insight.dashboard.notLanded') : undefined}>
                  <div className="stat-cell-label">{t(`insight.figures.${f.key}`)}</div>
                  <div className="stat-cell-value">{formatNumber(d.figures[f.key])}</div>
                </div>
              ))}
            </div>
          </Card>
        </Col>
        {d.children.length ? (
          <Col span={24}>
            <Card size="small" title={t('insight.dashboard.children')}>
              <Table
                data-testid="insight-children"
                size="small"
                rowKey="id"
                pagination={false}
                scroll={{ x: 'max-content', y: 420 }}
                dataSource={d.children}
                columns={columns}
                onRow={(r) => ({ onClick: () => r.level !== 'grid' && setAreaId(r.id), 'data-testid': 'insight-child', 'data-id': r.id }) as React.HTMLAttributes<HTMLElement>}
              />
            </Card>
          </Col>
        ) : null}
        <Col xs={24} md={8}>
          <Card size="small" title={t('insight.dashboard.casesByStatus')}>
            {d.casesByStatus ? <SimpleTable rows={d.casesByStatus.map((r) => [r.status, formatNumber(r.count)])} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={`— ${t('insight.dashboard.notLanded')}`} />}
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card size="small" title={t('insight.dashboard.onTime')}>
            {d.onTimeByDepartment ? (
              <SimpleTable rows={d.onTimeByDepartment.slice(0, 12).map((r) => [r.name, r.rate === null ? '—' : `${(r.rate * 100).toFixed(1)}%`])} />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={`— ${t('insight.dashboard.notLanded')}`} />
            )}
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card size="small" title={t('insight.dashboard.satisfaction')}>
            {d.satisfaction ? <SimpleTable rows={d.satisfaction.map((r) => [r.source, r.average === null ? '—' : r.average.toFixed(2)])} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={`— ${t('insight.dashboard.notLanded')}`} />}
          </Card>
        </Col>
      </Row>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        {d.asOf}
      </Typography.Paragraph>
    </div>
  );
}

function SimpleTable({ rows }: { rows: (string | number)[][] }) {
  return (
    <table style={{ width: '100%' }}>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            <td>{r[0]}</td>
            <td style={{ textAlign: 'right' }}>{r[1]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
