// On-time rates: of the closed cases that had a time limit, the share handled by their due time,
// per department or per case type, as a table and a bar chart.
import { useState } from 'react';
import { Card, Col, Empty, Row, Segmented, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { OnTimeStats } from '@linli/contracts';
import { api } from '../../lib/api.ts';
import { formatDateTime, formatNumber } from '../../lib/format.ts';
import { useSession } from '../../lib/session.tsx';
import { useRequest } from '../../lib/use-request.ts';
import { BarChart } from '../../components/bar-chart.tsx';
import { ErrorState, PageHeader, PageLoading } from '../../components/states.tsx';
import './cases.css';

type Stats = z.infer<typeof OnTimeStats>;
const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

export default function StatsPage() {
  const { t } = useTranslation();
  const { elderMode } = useSession();
  const [groupBy, setGroupBy] = useState<'department' | 'type'>('department');
  const req = useRequest((signal) => api.get<Stats>('/api/cases/stats/on-time', { groupBy }, signal), [groupBy]);
  return (
    <div className="page stats-page" data-testid="stats-page">
      <PageHeader title={t('cases.stats.title')} sub={t('cases.stats.intro')} />
      <Segmented
        value={groupBy}
        onChange={(v) => setGroupBy(v as 'department' | 'type')}
        options={[
          { value: 'department', label: t('cases.stats.byDepartment') },
          { value: 'type', label: t('cases.stats.byType') },
        ]}
        style={{ marginBottom: 12 }}
        data-testid="stats-group"
      />
      {req.error ? (
        <ErrorState error={req.error} onRetry={req.reload} />
      ) : !req.data ? (
        <PageLoading />
      ) : !req.data.items.length ? (
        <Empty description={t('cases.stats.empty')} />
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={14}>
            <Card size="small">
              <Table
                size="small"
                rowKey={(r) => r.id ?? r.key}
                dataSource={req.data.items}
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                scroll={{ x: 560 }}
                data-testid="stats-table"
                onRow={(r) => ({ 'data-testid': 'stats-row', 'data-rate': r.rate ?? '' }) as never}
                columns={[
                  { key: 'name', title: t('cases.stats.name'), dataIndex: 'name', fixed: 'left' },
                  { key: 'finished', title: t('cases.stats.finished'), dataIndex: 'finished', align: 'right', render: formatNumber, sorter: (a, b) => a.finished - b.finished },
                  { key: 'onTime', title: t('cases.stats.onTime'), dataIndex: 'onTime', align: 'right', render: formatNumber },
                  { key: 'rate', title: t('cases.stats.rate'), dataIndex: 'rate', align: 'right', render: pct, sorter: (a, b) => (a.rate ?? -1) - (b.rate ?? -1) },
                  { key: 'open', title: t('cases.stats.open'), dataIndex: 'open', align: 'right', render: formatNumber },
                  { key: 'openOverdue', title: t('cases.stats.openOverdue'), dataIndex: 'openOverdue', align: 'right', render: (v: number) => <span style={v ? { color: '#cf1322', fontWeight: 600 } : undefined}>{formatNumber(v)}</span> },
                ]}
              />
              <Typography.Text type="secondary">{t('cases.stats.asOf', { time: formatDateTime(req.data.asOf) })}</Typography.Text>
            </Card>
          </Col>
          <Col xs={24} xl={10}>
            <Card size="small" title={t('cases.stats.chart')}>
              {req.data.items.every((r) => r.rate === null) ? <Empty description={t('cases.stats.empty')} /> : null}
              <BarChart
                testId="stats-chart"
                fontSize={elderMode ? 16 : 12}
                bars={req.data.items
                  .filter((r) => r.rate !== null)
                  .slice(0, 25)
                  .map((r) => ({ id: r.id ?? r.key, name: r.name, value: Math.round((r.rate ?? 0) * 1000) / 10 }))}
              />
            </Card>
          </Col>
        </Row>
      )}
    </div>
  );
}
