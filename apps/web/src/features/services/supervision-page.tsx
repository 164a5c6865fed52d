// Supervision of the street micro-services: complaints with their working-day time limits, monthly
// provider performance with low performers flagged, and completed services and person-times.
import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Empty, Flex, Input, Modal, Segmented, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { Complaint, Performance, PerformanceRow, ServiceStats } from '@linli/contracts';
import { api, type Paged } from '../../lib/api.ts';
import { feedback, showError } from '../../lib/feedback.ts';
import { formatNumber } from '../../lib/format.ts';
import { useRequest } from '../../lib/use-request.ts';
import { useMe } from '../../lib/session.tsx';
import { ErrorState, PageHeader, PageLoading } from '../../components/states.tsx';
import { BarChart } from '../../components/bar-chart.tsx';
import { districtDateTime, yuan } from './shared.tsx';
import './services.css';

export default function SupervisionPage() {
  const { t } = useTranslation();
  const me = useMe();
  const supervisor = me.roles.some((r) => ['community_staff', 'street_official', 'district_official', 'district_admin'].includes(r.role));
  const [tab, setTab] = useState(supervisor ? 'complaints' : 'performance');
  return (
    <div className="page svc-page" data-testid="supervision-page">
      <PageHeader title={t('services.supervision.title')} />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          ...(supervisor ? [{ key: 'complaints', label: t('services.supervision.complaints'), children: tab === 'complaints' ? <Complaints /> : null }] : []),
          { key: 'performance', label: t('services.supervision.performance'), children: tab === 'performance' ? <PerformanceTable /> : null },
          ...(supervisor ? [{ key: 'stats', label: t('services.supervision.stats'), children: tab === 'stats' ? <Stats /> : null }] : []),
        ]}
      />
    </div>
  );
}

function Complaints() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<'open' | 'resolved'>('open');
  const [resolving, setResolving] = useState<Complaint | null>(null);
  const list = useRequest((signal) => api.get<Paged<Complaint>>('/api/service-complaints', { status, pageSize: 100 }, signal), [status]);
  return (
    <>
      <Segmented value={status} onChange={(v) => setStatus(v as 'open' | 'resolved')} options={[{ value: 'open', label: t('services.supervision.open') }, { value: 'resolved', label: t('services.supervision.resolvedOk') }]} style={{ marginBottom: 12 }} />
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : !list.data ? <PageLoading /> : !list.data.items.length ? <Empty description={t('services.supervision.empty')} /> : (
        <Flex vertical gap={8} data-testid="complaint-list">
          {list.data.items.map((k) => (
            <Alert
              key={k.id}
              type={k.status === 'resolved' ? 'success' : k.overdue ? 'error' : 'warning'}
              title={
                <Flex justify="space-between" gap={8} wrap>
                  <span>
                    <a href={`/services/orders/${k.order.id}`}>{k.order.number}</a> · {k.order.item} · {k.provider?.name ?? '—'}
                  </span>
                  {k.status === 'open' ? (
                    <Button size="small" type="primary" onClick={() => setResolving(k)} data-testid="complaint-resolve">
                      {t('services.supervision.resolve')}
                    </Button>
                  ) : null}
                </Flex>
              }
              description={
                <div>
                  <div>{k.text}</div>
                  <div className="muted">
                    {k.createdByName} · {districtDateTime(k.createdAt)} · {k.status === 'resolved' ? t('services.detail.resolved', { text: k.resolution }) : `${t('services.detail.due', { time: districtDateTime(k.dueAt) })}${k.overdue ? ` · ${t('services.detail.overdue')}` : ''}`}
                  </div>
                </div>
              }
            />
          ))}
        </Flex>
      )}
      {resolving ? <ResolveModal k={resolving} onClose={() => setResolving(null)} onDone={list.reload} /> : null}
    </>
  );
}

function ResolveModal({ k, onClose, onDone }: { k: Complaint; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    try {
      await api.post(`/api/service-complaints/${k.id}/resolve`, { resolution: text });
      feedback.success(t('services.supervision.resolvedOk'));
      onDone();
      onClose();
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={`${t('services.supervision.resolve')} · ${k.order.number}`} onCancel={onClose} onOk={() => void save()} okButtonProps={{ disabled: text.trim().length < 2 }} confirmLoading={busy} okText={t('app.save')} cancelText={t('app.cancel')}>
      <Typography.Paragraph>{k.text}</Typography.Paragraph>
      <Input.TextArea rows={3} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('services.supervision.resolution')} maxLength={1000} />
    </Modal>
  );
}

function PerformanceTable() {
  const { t } = useTranslation();
  const [month, setMonth] = useState(dayjs().format('YYYY-MM'));
  const data = useRequest((signal) => api.get<Performance>('/api/service-performance', { month }, signal), [month]);
  return (
    <>
      <DatePicker picker="month" value={dayjs(`${month}-01`)} allowClear={false} onChange={(d) => d && setMonth(d.format('YYYY-MM'))} style={{ marginBottom: 12 }} data-testid="performance-month" />
      {data.error ? <ErrorState error={data.error} onRetry={data.reload} /> : (
        <Table<PerformanceRow>
          size="small"
          rowKey={(r) => r.provider.id}
          loading={!data.data}
          dataSource={data.data?.items ?? []}
          pagination={false}
          scroll={{ x: 560 }}
          data-testid="performance-table"
          rowClassName={(r) => (r.flagged ? 'svc-flagged' : '')}
          columns={[
            { title: t('services.detail.provider'), key: 'p', render: (_, r) => (<span>{r.provider.name} {r.flagged ? <Tag color="red">{t('services.supervision.flagged')}</Tag> : null}<div className="muted">{r.reasons.map((x) => t(`services.supervision.reasons.${x}`)).join('、')}</div></span>) },
            { title: t('services.supervision.completed'), dataIndex: 'completed', key: 'c', width: 70, align: 'right' },
            { title: t('services.supervision.onTime'), key: 'o', width: 80, align: 'right', render: (_, r) => (r.onTimeRate === null ? '—' : `${Math.round(r.onTimeRate * 100)}%`) },
            { title: t('services.supervision.rating'), key: 'r', width: 70, align: 'right', render: (_, r) => (r.rating === null ? '—' : r.rating.toFixed(1)) },
            { title: t('services.supervision.complaintsCount'), dataIndex: 'complaints', key: 'k', width: 60, align: 'right' },
            { title: t('services.supervision.noShows'), dataIndex: 'noShows', key: 'n', width: 60, align: 'right' },
          ]}
        />
      )}
    </>
  );
}

function Stats() {
  const { t } = useTranslation();
  const data = useRequest((signal) => api.get<ServiceStats>('/api/service-stats', undefined, signal), []);
  if (data.error) return <ErrorState error={data.error} onRetry={data.reload} />;
  if (!data.data) return <PageLoading />;
  const s = data.data;
  return (
    <div data-testid="service-stats">
      <Typography.Text type="secondary">
        {t('services.supervision.period')}（{s.from} – {s.to}）
      </Typography.Text>
      <Flex gap={24} wrap style={{ margin: '12px 0' }}>
        <Statistic title={t('services.supervision.served')} value={formatNumber(s.completed)} />
        <Statistic title={t('services.supervision.personTimes')} value={formatNumber(s.personTimes)} />
        <Statistic title={t('services.supervision.persons')} value={formatNumber(s.persons)} />
        <Statistic title={t('services.supervision.subsidy')} value={yuan(s.subsidyFen)} />
        <Statistic title={t('services.supervision.openOrders')} value={formatNumber(s.open)} />
      </Flex>
      <Card size="small" title={t('services.supervision.byStreet')} style={{ marginBottom: 12 }}>
        <BarChart bars={s.byStreet.map((r) => ({ id: r.id, name: r.name, value: r.personTimes }))} testId="stats-by-street" />
      </Card>
      <Card size="small" title={t('services.supervision.byCategory')}>
        <BarChart bars={s.byCategory.map((r) => ({ id: r.id, name: r.name, value: r.personTimes }))} testId="stats-by-category" />
      </Card>
    </div>
  );
}
