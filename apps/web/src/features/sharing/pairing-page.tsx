// One pairing (结对帮扶): the household as a helper may know it, the helper, the rhythm of visits and
// whether they have lapsed; helpers pair with a household seeking one; the helper (or staff) logs
// visits, each counted as hours; staff or the helper end it.
import { useState } from 'react';
import { Button, Card, DatePicker, Descriptions, Empty, Flex, Form, Input, InputNumber, Space, Tag, Typography } from 'antd';
import { useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import type { Pairing } from '@linli/contracts';
import { api } from '../../lib/api.ts';
import { useRequest } from '../../lib/use-request.ts';
import { feedback, showError } from '../../lib/feedback.ts';
import { formatDate } from '../../lib/format.ts';
import { ErrorState, PageLoading } from '../../components/states.tsx';
import { ItemList, ItemRow } from '../../components/item-list.tsx';
import { ActButton, BackLink, StatusTag } from './shared.tsx';
import './sharing.css';

export default function PairingPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const req = useRequest((signal) => api.get<Pairing>(`/api/pairings/${id}`, undefined, signal), [id]);
  if (req.error) return <ErrorState error={req.error} onRetry={req.reload} />;
  if (!req.data) return <PageLoading />;
  const p = req.data;
  const set = (x: Pairing) => req.setData(x);
  return (
    <div className="page share-detail" data-testid="pairing-page">
      <BackLink tab="pairings" />
      <Card className="share-card">
        <Flex justify="space-between" align="start" wrap gap={8}>
          <Typography.Title level={3} className="share-detail-title">{p.householdAlias}</Typography.Title>
          <Flex gap={6} wrap>
            <StatusTag kind="pairing" status={p.status} />
            {p.flagged ? <Tag color="error">{t('sharing.pairing.flagged')}</Tag> : null}
          </Flex>
        </Flex>
        <Descriptions column={1} size="small" className="share-desc">
          <Descriptions.Item label={t('sharing.wish.form.person')}>
            {p.subject.ageBand}
            {p.subject.livingAlone ? ` · ${t('sharing.wish.livingAlone')}` : ''} · {p.communityName}
          </Descriptions.Item>
          {p.address ? <Descriptions.Item label={t('sharing.wish.address')}>{p.address}</Descriptions.Item> : null}
          {p.helperName ? <Descriptions.Item label={t('sharing.pairing.helperLabel')}>{p.helperName}{p.helperKind ? ` · ${t(`sharing.wish.kind.${p.helperKind}`)}` : ''}</Descriptions.Item> : null}
          <Descriptions.Item label={t('sharing.pairing.form.every')}>{t('sharing.pairing.every', { n: p.visitEveryDays })}</Descriptions.Item>
          {p.status === 'active' ? (
            <Descriptions.Item label={t('sharing.pairing.visits')}>
              {p.lastVisitOn ? t('sharing.pairing.lastVisit', { date: formatDate(p.lastVisitOn) }) : t('sharing.pairing.noVisit')} · {t('sharing.pairing.days', { n: p.daysSinceVisit })}
            </Descriptions.Item>
          ) : null}
        </Descriptions>
        {p.note ? <Typography.Paragraph>{p.note}</Typography.Paragraph> : null}
        <Space wrap className="share-actions">
          {p.canJoin ? (
            <ActButton type="primary" size="large" data-testid="pairing-join" run={async () => set(await api.post<Pairing>(`/api/pairings/${p.id}/join`))} done={t('sharing.pairing.joined')}>
              {t('sharing.pairing.join')}
            </ActButton>
          ) : null}
          {p.status !== 'ended' && (p.isHelper || p.canManage) ? (
            <ActButton danger run={async () => set(await api.post<Pairing>(`/api/pairings/${p.id}/end`))}>{t('sharing.pairing.end')}</ActButton>
          ) : null}
        </Space>
      </Card>
      {p.status === 'active' && (p.isHelper || p.canManage) ? <VisitForm pairing={p} onDone={set} /> : null}
      {p.isHelper || p.canManage ? (
        <Card size="small" title={t('sharing.pairing.visits')} className="share-card">
          {p.visits.length === 0 ? <Empty description={t('sharing.pairing.noVisit')} /> : (
            <ItemList testId="visit-list">
              {p.visits.map((v) => (
                <ItemRow key={v.id} title={`${formatDate(v.visitedOn)} · ${v.minutes} min`} description={`${v.note} · ${v.byName}`} />
              ))}
            </ItemList>
          )}
        </Card>
      ) : null}
    </div>
  );
}

function VisitForm({ pairing, onDone }: { pairing: Pairing; onDone: (p: Pairing) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  return (
    <Card size="small" title={t('sharing.pairing.logVisit')} className="share-card">
      <Form
        form={form}
        layout="vertical"
        initialValues={{ visitedOn: dayjs(), minutes: 60 }}
        onFinish={async (v: { visitedOn: Dayjs; minutes: number; note: string }) => {
          setBusy(true);
          try {
            onDone(await api.post<Pairing>(`/api/pairings/${pairing.id}/visits`, { visitedOn: v.visitedOn.format('YYYY-MM-DD'), minutes: v.minutes, note: v.note }));
            form.resetFields();
            feedback.success(t('sharing.loan.done'));
          } catch (err) {
            showError(err, form);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item name="visitedOn" label={t('sharing.pairing.visitedOn')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="minutes" label={t('sharing.pairing.minutes')} rules={[{ required: true }]}>
          <InputNumber min={1} max={720} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="note" label={t('sharing.pairing.note')} rules={[{ required: true, max: 500 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} block data-testid="visit-submit">
          {t('sharing.pairing.logVisit')}
        </Button>
      </Form>
    </Card>
  );
}
