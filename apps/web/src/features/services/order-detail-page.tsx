// One service order: where it stands, when and who, the price and subsidy, and the steps open to
// the user (cancel, accept, assign, confirm, check in, complete, rate, complain), with its history.
import { useState } from 'react';
import { Button, Card, Descriptions, Flex, Grid, Input, Modal, Rate, Steps, Tag, Typography } from 'antd';
import { useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { OrderDetail, OrderStatus } from '@linli/contracts';
import { api } from '../../lib/api.ts';
import { showError } from '../../lib/feedback.ts';
import { useRequest } from '../../lib/use-request.ts';
import { useSession } from '../../lib/session.tsx';
import { ErrorState, PageHeader, PageLoading } from '../../components/states.tsx';
import { ComplaintBox, OrderActions, OrderStatusTag, OrderTimeline, districtDateTime, groupName, slotText, useOrdersLive, yuan } from './shared.tsx';
import './services.css';

const FLOW: OrderStatus[] = ['placed', 'accepted', 'assigned', 'confirmed', 'in_service', 'completed', 'rated'];

export default function OrderDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { elderMode } = useSession();
  const screens = Grid.useBreakpoint();
  const order = useRequest((signal) => api.get<OrderDetail>(`/api/service-orders/${id}`, undefined, signal), [id]);
  useOrdersLive(() => {
    void api.get<OrderDetail>(`/api/service-orders/${id}`).then(order.setData).catch(() => undefined);
  });
  if (order.error) return <ErrorState error={order.error} onRetry={order.reload} />;
  if (!order.data) return <PageLoading />;
  const o = order.data;
  const step = FLOW.indexOf(o.status);
  const closed = step < 0;

  return (
    <div className={`page svc-page narrow-svc${elderMode ? ' svc-elder' : ''}`} data-testid="order-detail" data-order-id={o.id} data-status={o.status}>
      <PageHeader
        title={
          <span>
            {o.item.name} <OrderStatusTag status={o.status} />
          </span>
        }
        sub={`${t('services.orders.number')} ${o.number}`}
        extra={<Button onClick={() => navigate(-1)}>{t('services.order.back')}</Button>}
      />
      <Card size="small" style={{ marginBottom: 12 }} title={t('services.detail.steps')} data-testid="order-next">
        <OrderActions o={o} onChanged={(next) => order.setData(next)} />
        {o.status === 'rated' && o.rating ? (
          <div data-testid="order-rating">
            <Rate disabled value={o.rating} style={{ fontSize: elderMode ? 36 : 24 }} /> {o.ratingComment ? <span>“{o.ratingComment}”</span> : null}
          </div>
        ) : null}
        {closed && o.closedReason ? (
          <div style={{ marginTop: 8 }}>
            <Typography.Text type="secondary">{t('services.detail.reason')}：</Typography.Text>
            {o.closedReason}
          </div>
        ) : null}
      </Card>
      {!closed && screens.md ? (
        <Card size="small" style={{ marginBottom: 12 }} className="svc-steps">
          <Steps size="small" current={step} items={FLOW.map((s) => ({ title: t(`services.status.${s}`) }))} />
        </Card>
      ) : null}

      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions column={1} size="small" labelStyle={{ minWidth: 84 }} data-testid="order-facts">
          <Descriptions.Item label={t('services.detail.scheduled')}>{slotText(o.scheduledStart, o.scheduledEnd, t)}</Descriptions.Item>
          <Descriptions.Item label={t('services.order.recipient')}>
            {o.person.name}
            {o.person.age !== null ? `（${o.person.age}）` : ''}
            {o.personGroups.length ? (
              <span style={{ marginInlineStart: 6 }}>
                {o.personGroups.map((g) => (
                  <Tag key={g} style={{ marginInlineEnd: 4 }}>
                    {groupName(g, t)}
                  </Tag>
                ))}
              </span>
            ) : null}
          </Descriptions.Item>
          {o.address ? <Descriptions.Item label={t('services.order.address')}>{o.address}</Descriptions.Item> : null}
          <Descriptions.Item label={t('services.detail.contact')}>
            <ContactPhone o={o} />
          </Descriptions.Item>
          {o.facility ? <Descriptions.Item label={t('services.detail.facility')}>{o.facility.name}</Descriptions.Item> : null}
          {o.mealMode ? <Descriptions.Item label={t('services.fulfilment.meal')}>{t(`services.mealMode.${o.mealMode}`)}{o.round ? ` · ${o.round.label} · ${o.round.departs}` : ''}</Descriptions.Item> : null}
          <Descriptions.Item label={t('services.detail.provider')}>{o.provider?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('services.order.summary')}>
            <span data-testid="order-pay">
              {t('services.price.pay')} <b>{yuan(o.payFen)}</b>
              {o.subsidyFen > 0 ? ` · ${t('services.price.subsidy', { amount: yuan(o.subsidyFen), group: groupName(o.subsidyGroup, t) })}` : ''}
              {o.quantity > 1 ? ` · ×${o.quantity}` : ''}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('services.detail.orderedBy')}>
            {t(`services.channel.${o.channel}`)} · {o.orderedByName} · {districtDateTime(o.createdAt)}
          </Descriptions.Item>
          {o.caller ? (
            <Descriptions.Item label={t('services.detail.caller')}>
              {o.caller.name}
              {o.caller.relation ? `（${o.caller.relation}）` : ''} {o.caller.phone ?? ''}
            </Descriptions.Item>
          ) : null}
          {o.notes ? <Descriptions.Item label={t('services.detail.notes')}>{o.notes}</Descriptions.Item> : null}
          {o.serviceNotes ? <Descriptions.Item label={t('services.detail.serviceNotes')}>{o.serviceNotes}</Descriptions.Item> : null}
        </Descriptions>
      </Card>

      <Card size="small" title={t('services.detail.complaints')} style={{ marginBottom: 12 }}>
        <ComplaintBox o={o} onChanged={order.reload} />
      </Card>
      <Card size="small" title={t('services.detail.timeline')}>
        <OrderTimeline o={o} />
      </Card>
    </div>
  );
}

/** Masked by default; the assigned provider, the centre and the hotline may reveal it (audited). */
function ContactPhone({ o }: { o: OrderDetail }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState(t('services.detail.revealReason'));
  const canReveal = o.allowedActions.some((a) => ['confirm', 'check_in', 'complete', 'no_show', 'accept', 'assign', 'reassign'].includes(a));
  if (!o.contactPhone) return <Tag>{t('services.detail.noPhone')}</Tag>;
  const reveal = async () => {
    try {
      const r = await api.post<{ phone: string | null }>(`/api/service-orders/${o.id}/reveal-contact`, { reason });
      setShown(r.phone);
      setAsking(false);
    } catch (err) {
      showError(err);
    }
  };
  return (
    <Flex gap={8} align="center" wrap>
      <span data-testid="contact-phone">{shown ?? o.contactPhone}</span>
      {shown ? <a href={`tel:${shown}`}>☎</a> : canReveal ? <Button size="small" onClick={() => setAsking(true)}>{t('services.detail.reveal')}</Button> : null}
      {asking ? (
        <Modal open title={t('services.detail.reveal')} onCancel={() => setAsking(false)} onOk={() => void reveal()} okText={t('app.confirm')} cancelText={t('app.cancel')}>
          <Input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} />
        </Modal>
      ) : null}
    </Flex>
  );
}
