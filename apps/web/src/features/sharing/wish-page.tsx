// One micro-wish, phone first: the wish and what a helper needs to know of the resident; one big
// button for the next step (claim; report it fulfilled with what was done and how long it took;
// confirm or send back); the contact only for the claimer while it is theirs, and for staff.
import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Flex, Form, Input, InputNumber, Space, Tag, Timeline, Typography } from 'antd';
import { useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Wish } from '@linli/contracts';
import { api } from '../../lib/api.ts';
import { useRequest } from '../../lib/use-request.ts';
import { useLiveEvent } from '../../lib/live.tsx';
import { feedback, showError } from '../../lib/feedback.ts';
import { formatDateTime } from '../../lib/format.ts';
import { ErrorState, PageLoading } from '../../components/states.tsx';
import { ActButton, BackLink, PhotoField, StatusTag } from './shared.tsx';
import './sharing.css';

export default function WishPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const req = useRequest((signal) => api.get<Wish>(`/api/wishes/${id}`, undefined, signal), [id]);
  useLiveEvent('wish.updated', (d) => {
    if ((d as { id?: string }).id === id) req.reload();
  });
  if (req.error) return <ErrorState error={req.error} onRetry={req.reload} />;
  if (!req.data) return <PageLoading />;
  const w = req.data;
  const set = (x: Wish) => req.setData(x);
  return (
    <div className="page share-detail wish-page" data-testid="wish-page" data-status={w.status}>
      <BackLink tab="wishes" />
      <Card className={`share-card wish-card wish-${w.status}`}>
        <Flex justify="space-between" align="start" gap={8}>
          <Typography.Title level={3} className="share-detail-title" data-testid="wish-title">
            {w.title}
          </Typography.Title>
          <StatusTag kind="wish" status={w.status} />
        </Flex>
        <div className="wish-who" data-testid="wish-subject">
          {w.subject.alias} · {w.subject.ageBand}
          {w.subject.livingAlone ? ` · ${t('sharing.wish.livingAlone')}` : ''} · {w.communityName}
        </div>
        <Typography.Paragraph className="wish-story">{w.story}</Typography.Paragraph>
        <Flex gap={6} wrap>
          <Tag>{t(`sharing.wish.category.${w.category}`)}</Tag>
          {w.neededBy ? <Tag color="orange">{w.neededBy}</Tag> : null}
          {w.claimedByName ? (
            <Tag color="blue">
              {t('sharing.wish.claimedBy', { name: w.claimedByName })}
              {w.claimedByKind ? ` · ${t(`sharing.wish.kind.${w.claimedByKind}`)}` : ''}
            </Tag>
          ) : null}
        </Flex>
        {w.actions.includes('claim') ? (
          <ActButton type="primary" block size="large" className="wish-main-button" data-testid="wish-claim" run={async () => set(await api.post<Wish>(`/api/wishes/${w.id}/claim`))} done={t('sharing.wish.claimed')}>
            {t('sharing.wish.claim')}
          </ActButton>
        ) : null}
      </Card>

      {w.contact ? (
        <Card size="small" title={w.as.includes('staff') ? t('sharing.wish.staffContact') : t('sharing.wish.contact')} className="share-card" data-testid="wish-contact">
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('sharing.wish.form.person')}>{w.contact.name}</Descriptions.Item>
            {w.contact.address ? <Descriptions.Item label={t('sharing.wish.address')}>{w.contact.address}</Descriptions.Item> : null}
            {w.contact.phone ? (
              <Descriptions.Item label={t('sharing.wish.phone')}>
                {w.contact.phone.includes('*') ? w.contact.phone : <a href={`tel:${w.contact.phone}`}>{w.contact.phone}</a>}
              </Descriptions.Item>
            ) : null}
          </Descriptions>
        </Card>
      ) : null}

      {w.actions.includes('fulfil') ? <FulfilForm wish={w} onDone={set} /> : null}

      {w.evidence ? (
        <Card size="small" title={t('sharing.wish.evidence')} className="share-card" data-testid="wish-evidence">
          <Typography.Paragraph>{w.evidence.note}</Typography.Paragraph>
          <Typography.Text type="secondary">
            {t('sharing.wish.minutes')}: {w.evidence.minutes} · {formatDateTime(w.evidence.at)}
          </Typography.Text>
          {w.evidence.photoUrl ? <img className="wish-photo" src={w.evidence.photoUrl} alt="" /> : null}
        </Card>
      ) : null}

      {w.actions.some((a) => a === 'confirm' || a === 'dispute' || a === 'release' || a === 'withdraw') ? (
        <Card size="small" className="share-card">
          <Space wrap>
            {w.actions.includes('confirm') ? (
              <ActButton type="primary" size="large" data-testid="wish-confirm" run={async () => set(await api.post<Wish>(`/api/wishes/${w.id}/confirm`, {}))}>
                {t('sharing.wish.confirm')}
              </ActButton>
            ) : null}
            {w.actions.includes('dispute') ? <ActButton run={async () => set(await api.post<Wish>(`/api/wishes/${w.id}/dispute`, {}))}>{t('sharing.wish.dispute')}</ActButton> : null}
            {w.actions.includes('release') ? <ActButton data-testid="wish-release" run={async () => set(await api.post<Wish>(`/api/wishes/${w.id}/release`, {}))}>{t('sharing.wish.release')}</ActButton> : null}
            {w.actions.includes('withdraw') ? <ActButton danger run={async () => set(await api.post<Wish>(`/api/wishes/${w.id}/withdraw`, {}))}>{t('sharing.wish.withdraw')}</ActButton> : null}
          </Space>
        </Card>
      ) : null}

      {w.status === 'confirmed' ? <Alert type="success" showIcon title={t('sharing.wish.status.confirmed')} className="share-card" data-testid="wish-confirmed" /> : null}

      {w.history.length ? (
        <Card size="small" title={t('sharing.wish.history')} className="share-card">
          <Timeline items={w.history.map((h) => ({ key: `${h.at}${h.action}`, content: <span>{t(`sharing.wish.status.${h.to}`)} · {h.byName} · {formatDateTime(h.at)}{h.note ? <div className="share-note">{h.note}</div> : null}</span> }))} />
        </Card>
      ) : null}
    </div>
  );
}

function FulfilForm({ wish, onDone }: { wish: Wish; onDone: (w: Wish) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  return (
    <Card size="small" title={t('sharing.wish.fulfil')} className="share-card" data-testid="fulfil-form">
      <Form
        form={form}
        layout="vertical"
        initialValues={{ minutes: 60 }}
        onFinish={async (v: { note: string; minutes: number; photoFileId?: string }) => {
          setBusy(true);
          try {
            onDone(await api.post<Wish>(`/api/wishes/${wish.id}/fulfil`, v));
            feedback.success(t('sharing.loan.done'));
          } catch (err) {
            showError(err, form);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item name="note" label={t('sharing.wish.note')} rules={[{ required: true, max: 500 }]}>
          <Input.TextArea rows={3} data-testid="fulfil-note" />
        </Form.Item>
        <Form.Item name="minutes" label={t('sharing.wish.minutes')} rules={[{ required: true }]}>
          <InputNumber min={1} max={1440} style={{ width: '100%' }} inputMode="numeric" data-testid="fulfil-minutes" />
        </Form.Item>
        <Form.Item name="photoFileId" label={t('sharing.wish.photo')}>
          <PhotoField />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} block size="large" data-testid="fulfil-submit">
          {t('sharing.wish.fulfil')}
        </Button>
      </Form>
    </Card>
  );
}
