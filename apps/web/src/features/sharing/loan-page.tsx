// One loan: its state, dates, deposit and history, and the next actions the caller may take as
// borrower, lender, keeper or staff (the server says which): cancel, hand over, extend, take back.
import { useState } from 'react';
import { Button, Card, DatePicker, Descriptions, Flex, Form, Input, InputNumber, Radio, Space, Timeline, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import type { Loan } from '@linli/contracts';
import { api } from '../../lib/api.ts';
import { useRequest } from '../../lib/use-request.ts';
import { useLiveEvent } from '../../lib/live.tsx';
import { feedback, showError } from '../../lib/feedback.ts';
import { useSession } from '../../lib/session.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { ErrorState, PageLoading } from '../../components/states.tsx';
import { ActButton, BackLink, StatusTag, yuan } from './shared.tsx';
import './sharing.css';

export default function LoanPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const req = useRequest((signal) => api.get<Loan>(`/api/loans/${id}`, undefined, signal), [id]);
  useLiveEvent('sharing.loan', (d) => {
    if ((d as { id?: string }).id === id) req.reload();
  });
  if (req.error) return <ErrorState error={req.error} onRetry={req.reload} />;
  if (!req.data) return <PageLoading />;
  const l = req.data;
  const set = (x: Loan) => req.setData(x);
  return (
    <div className="page share-detail" data-testid="loan-page" data-status={l.status}>
      <BackLink tab="loans" />
      <Card className="share-card">
        <Flex justify="space-between" align="start" wrap gap={8}>
          <Typography.Title level={3} className="share-detail-title">
            <Link to={`/sharing/items/${l.itemId}`}>{l.itemTitle}</Link>
          </Typography.Title>
          <StatusTag kind="loan" status={l.status} />
        </Flex>
        <Descriptions column={1} size="small" className="share-desc">
          <Descriptions.Item label={t('sharing.loan.period')}>
            <span data-testid="loan-dates">{t('sharing.loan.dates', { from: l.startsOn, to: l.endsOn })}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('sharing.loan.borrowerLabel')}>{l.borrowerName}</Descriptions.Item>
          <Descriptions.Item label={t('sharing.loan.lenderLabel')}>{l.keptAt === 'hut' ? `${l.hutName ?? ''}（${l.ownerName}）` : l.ownerName}</Descriptions.Item>
          <Descriptions.Item label={t('sharing.item.depositLabel')}>
            {l.depositFen ? yuan(l.depositFen) : t('sharing.item.noDeposit')}
            {l.depositHeldFen ? ` · ${t('sharing.loan.depositHeld', { amount: yuan(l.depositHeldFen) })}` : ''}
            {l.status === 'returned' && l.depositHeldFen ? ` · ${t('sharing.loan.refunded', { amount: yuan(l.depositRefundedFen) })}` : ''}
            {l.depositWithheldFen ? ` · ${t('sharing.loan.withheld', { amount: yuan(l.depositWithheldFen) })}` : ''}
          </Descriptions.Item>
          {l.waitlistPosition ? <Descriptions.Item label={t('sharing.loan.status.waitlisted')}>{t('sharing.loan.position', { n: l.waitlistPosition })}</Descriptions.Item> : null}
          {l.returnCondition ? (
            <Descriptions.Item label={t('sharing.loan.returnCondition')}>
              {t(`sharing.condition.${l.returnCondition}`)}
              {l.conditionNote ? ` · ${l.conditionNote}` : ''}
            </Descriptions.Item>
          ) : null}
        </Descriptions>
        <Space wrap className="share-actions">
          {l.actions.includes('pick_up') ? (
            <ActButton type="primary" data-testid="loan-pick-up" run={async () => set(await api.post<Loan>(`/api/loans/${l.id}/pick-up`, {}))} done={t('sharing.loan.done')}>
              {t('sharing.loan.action.pick_up')}
            </ActButton>
          ) : null}
          {l.actions.includes('cancel') ? (
            <ActButton danger data-testid="loan-cancel" run={async () => set(await api.post<Loan>(`/api/loans/${l.id}/cancel`, {}))} done={t('sharing.loan.done')}>
              {t('sharing.loan.action.cancel')}
            </ActButton>
          ) : null}
        </Space>
      </Card>
      {l.actions.includes('extend') ? <ExtendForm loan={l} onDone={set} /> : null}
      {l.actions.includes('return') ? <ReturnForm loan={l} onDone={set} /> : null}
      <Card size="small" title={t('sharing.loan.history')} className="share-card">
        <Timeline
          items={l.history.map((h) => ({
            key: `${h.at}${h.action}`,
            content: (
              <span>
                <b>{t(`sharing.loan.action.${h.action}`)}</b> · {h.byName} · {formatDateTime(h.at)}
                {h.note ? <div className="share-note">{h.note}</div> : null}
              </span>
            ),
          }))}
        />
      </Card>
    </div>
  );
}

function ExtendForm({ loan, onDone }: { loan: Loan; onDone: (l: Loan) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  return (
    <Card size="small" title={t('sharing.loan.action.extend')} className="share-card">
      <Form
        form={form}
        layout="inline"
        initialValues={{ endsOn: dayjs(loan.endsOn).add(1, 'day') }}
        onFinish={async (v: { endsOn: Dayjs }) => {
          setBusy(true);
          try {
            onDone(await api.post<Loan>(`/api/loans/${loan.id}/extend`, { endsOn: v.endsOn.format('YYYY-MM-DD') }));
            feedback.success(t('sharing.loan.done'));
          } catch (err) {
            showError(err, form);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item name="endsOn" label={t('sharing.loan.extendTo')} rules={[{ required: true }]}>
          <DatePicker disabledDate={(d) => !d.isAfter(dayjs(loan.endsOn), 'day')} />
        </Form.Item>
        <Button htmlType="submit" loading={busy} data-testid="loan-extend">
          {t('sharing.loan.action.extend')}
        </Button>
      </Form>
    </Card>
  );
}

function ReturnForm({ loan, onDone }: { loan: Loan; onDone: (l: Loan) => void }) {
  const { t } = useTranslation();
  const { elderMode } = useSession();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  return (
    <Card size="small" title={t('sharing.loan.action.return')} className="share-card" data-testid="return-form">
      <Form
        form={form}
        layout="vertical"
        initialValues={{ condition: 'good', withheld: 0 }}
        onFinish={async (v: { condition: string; note?: string; withheld?: number }) => {
          setBusy(true);
          try {
            onDone(await api.post<Loan>(`/api/loans/${loan.id}/return`, { condition: v.condition, note: v.note || undefined, withheldFen: Math.round((v.withheld ?? 0) * 100) }));
            feedback.success(t('sharing.loan.done'));
          } catch (err) {
            showError(err, form);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item name="condition" label={t('sharing.loan.returnCondition')}>
          <Radio.Group options={(['new', 'good', 'fair', 'worn', 'damaged'] as const).map((c) => ({ value: c, label: t(`sharing.condition.${c}`) }))} />
        </Form.Item>
        {loan.depositHeldFen ? (
          <Form.Item name="withheld" label={t('sharing.loan.withheldYuan')}>
            <InputNumber min={0} max={loan.depositHeldFen / 100} precision={2} style={{ width: '100%' }} />
          </Form.Item>
        ) : null}
        <Form.Item name="note" label={t('sharing.loan.returnNote')}>
          <Input.TextArea rows={2} maxLength={300} data-testid="return-note" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} block size={elderMode ? 'large' : undefined} data-testid="loan-return">
          {t('sharing.loan.action.return')}
        </Button>
      </Form>
    </Card>
  );
}
