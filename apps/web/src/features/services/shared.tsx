// Pieces shared by the service pages: money in yuan, order status tags, slot times, the price with
// its subsidy, order rows, and the next steps of an order as the state machine offers them.
import { useEffect, useState } from 'react';
import { Alert, Button, Flex, Form, Input, Modal, Rate, Select, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { OrderAction, OrderDetail, OrderStatus, OrderSummary, ProviderSuggestion, Quote, SubsidyGroup } from '@linli/contracts';
import { api } from '../../lib/api.ts';
import { feedback, showError } from '../../lib/feedback.ts';
import { useLiveEvent } from '../../lib/live.tsx';
import { useSession } from '../../lib/session.tsx';
import { ItemRow } from '../../components/item-list.tsx';

import { districtTime, districtToday } from '../../lib/format.ts';

export { districtTime, districtToday };

/** A date and time in the district's time: 2026-11-24 08:30. */
export function districtDateTime(iso: string | null | undefined): string {
  return iso ? districtTime(iso).format('YYYY-MM-DD HH:mm') : '—';
}

/** Fen as yuan: ¥12.50. */
export function yuan(fen: number): string {
  return `¥${(fen / 100).toFixed(2)}`;
}

export const STATUS_COLOUR: Record<OrderStatus, string> = {
  placed: 'gold',
  accepted: 'orange',
  assigned: 'blue',
  confirmed: 'geekblue',
  in_service: 'purple',
  completed: 'green',
  rated: 'success',
  cancelled: 'default',
  refused: 'default',
  no_show: 'volcano',
};

export function OrderStatusTag({ status }: { status: OrderStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOUR[status]} data-testid="order-status" data-status={status} style={{ marginInlineEnd: 0 }}>
      {t(`services.status.${status}`)}
    </Tag>
  );
}

/** 11月24日 周二 08:30–10:30 (today / tomorrow named). */
export function slotText(startsAt: string, endsAt: string, t: (k: string) => string): string {
  const s = districtTime(startsAt);
  const e = districtTime(endsAt);
  return `${dayText(s.format('YYYY-MM-DD'), t)} ${s.format('HH:mm')}–${e.format('HH:mm')}`;
}

/** A local date as today, tomorrow, or 11/24 Tue. */
export function dayText(day: string, t: (k: string) => string): string {
  const today = districtToday();
  const tomorrow = dayjs(today).add(1, 'day').format('YYYY-MM-DD');
  return day === today ? t('services.order.today') : day === tomorrow ? t('services.order.tomorrow') : dayjs(day).format('M/D ddd');
}

export function groupName(g: SubsidyGroup | null | undefined, t: (k: string) => string): string {
  return g ? t(`services.group.${g}`) : '';
}

/** The price a resident pays, with the subsidy that applies. */
export function PriceLine({ quote, unit, big }: { quote: Quote | null; unit?: string; big?: boolean }) {
  const { t } = useTranslation();
  if (!quote) return null;
  if (quote.totalFen === 0) return <Typography.Text strong className="svc-price" data-testid="price-free">{t('services.price.free')}</Typography.Text>;
  return (
    <span className={big ? 'svc-price svc-price-big' : 'svc-price'} data-testid="price-line" data-pay={quote.payFen}>
      <Typography.Text strong style={{ color: '#b23c17' }}>
        {yuan(quote.payFen)}
        {unit && quote.quantity === 1 ? t('services.price.unit', { unit }) : ''}
      </Typography.Text>
      {quote.subsidyFen > 0 ? (
        <Typography.Text type="secondary" className="svc-subsidy">
          {' '}
          <s>{yuan(quote.totalFen)}</s> · {t('services.price.subsidy', { amount: yuan(quote.subsidyFen), group: groupName(quote.group, t) })}
        </Typography.Text>
      ) : null}
    </span>
  );
}

/** Reload when an order changes or a service notification arrives. */
export function useOrdersLive(reload: () => void) {
  useLiveEvent('order.updated', () => reload());
  useLiveEvent('notification', (n) => {
    if (n && typeof n === 'object' && String((n as { kind?: string }).kind ?? '').startsWith('service.')) reload();
  });
}

export function OrderRow({ o, onClick, extra, showPerson = true }: { o: OrderSummary; onClick?: () => void; extra?: React.ReactNode; showPerson?: boolean }) {
  const { t } = useTranslation();
  return (
    <ItemRow
      testId="order-row"
      data-order-id={o.id}
      data-number={o.number}
      onClick={onClick}
      title={
        <Flex gap={6} wrap align="center">
          <span className="svc-order-title">{o.item.name}</span>
          <OrderStatusTag status={o.status} />
          {o.mealMode ? <Tag style={{ marginInlineEnd: 0 }}>{t(`services.mealMode.${o.mealMode}`)}</Tag> : null}
        </Flex>
      }
      description={
        <span>
          {slotText(o.scheduledStart, o.scheduledEnd, t)}
          {showPerson ? ` · ${o.person.name}${o.person.age !== null ? `（${o.person.age}）` : ''}` : ''}
          {o.community ? ` · ${o.community.name}` : ''}
          {o.provider ? ` · ${o.provider.name}` : ''}
          {o.quantity > 1 ? ` · ×${o.quantity}` : ''} · {yuan(o.payFen)}
        </span>
      }
      extra={extra}
    />
  );
}

/** Actions whose reason is required (as in the server's table). */
const NOTE_REQUIRED: ReadonlySet<OrderAction> = new Set(['refuse', 'reassign', 'decline', 'complete', 'no_show', 'cancel']);
const DANGER: ReadonlySet<OrderAction> = new Set(['refuse', 'decline', 'cancel', 'no_show']);
const PRIMARY: ReadonlySet<OrderAction> = new Set(['accept', 'assign', 'confirm', 'check_in', 'complete']);

export function actionButtonType(a: OrderAction) {
  return { type: PRIMARY.has(a) ? ('primary' as const) : ('default' as const), danger: DANGER.has(a) };
}

/** One button per allowed action (rate is its own form). */
export function OrderActions({ o, onChanged, size = 'large' }: { o: OrderDetail; onChanged: (next: OrderDetail) => void; size?: 'middle' | 'large' }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<OrderAction | null>(null);
  const actions = o.allowedActions.filter((a) => a !== 'rate');
  return (
    <div data-testid="order-actions">
      {actions.length ? (
        <Flex gap={8} wrap>
          {actions.map((a) => (
            <Button key={a} size={size} {...actionButtonType(a)} onClick={() => setOpen(a)} data-testid={`action-${a}`}>
              {t(`services.action.${a}`)}
            </Button>
          ))}
        </Flex>
      ) : o.allowedActions.includes('rate') ? null : (
        <Typography.Text type="secondary">{t('services.detail.noActions')}</Typography.Text>
      )}
      {o.allowedActions.includes('rate') ? <RateForm o={o} onChanged={onChanged} /> : null}
      {open ? <TransitionModal o={o} action={open} onClose={() => setOpen(null)} onChanged={onChanged} /> : null}
    </div>
  );
}

export function TransitionModal({ o, action, onClose, onChanged }: { o: Pick<OrderSummary, 'id' | 'number' | 'item' | 'version'>; action: OrderAction; onClose: () => void; onChanged: (next: OrderDetail) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ note?: string; providerId?: string }>();
  const [busy, setBusy] = useState(false);
  const [suggestions, setSuggestions] = useState<ProviderSuggestion[] | null>(null);
  const needsProvider = action === 'assign' || action === 'reassign';
  const noteRequired = NOTE_REQUIRED.has(action);

  useEffect(() => {
    if (!needsProvider) return;
    api
      .get<{ items: ProviderSuggestion[] }>(`/api/service-orders/${o.id}/provider-suggestions`)
      .then((r) => {
        setSuggestions(r.items);
        const best = r.items.find((s) => s.covers && s.free > 0);
        if (best && action === 'assign') form.setFieldValue('providerId', best.provider.id);
      })
      .catch(showError);
  }, [needsProvider, o.id, action, form]);

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const next = await api.post<OrderDetail>(`/api/service-orders/${o.id}/transition`, { action, note: v.note ?? '', providerId: v.providerId });
      feedback.success(t(`services.status.${next.status}`));
      onChanged(next);
      onClose();
    } catch (err) {
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={`${t(`services.action.${action}`)} · ${o.item.name}`}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t(`services.action.${action}`)}
      okButtonProps={{ loading: busy, danger: DANGER.has(action), ...({ 'data-testid': 'transition-submit' } as object) }}
      cancelText={t('app.cancel')}
      destroyOnHidden
      data-testid="transition-modal"
    >
      <Form form={form} layout="vertical" requiredMark={false}>
        {needsProvider ? (
          <Form.Item name="providerId" label={t('services.centre.assignTo')} rules={[{ required: true, message: t('services.centre.chooseProvider') }]}>
            <Select
              loading={!suggestions}
              placeholder={t('services.centre.chooseProvider')}
              data-testid="provider-select"
              optionLabelProp="label"
              options={(suggestions ?? []).map((s) => ({
                value: s.provider.id,
                label: s.provider.name,
                disabled: s.free <= 0,
                title: s.provider.name,
                children: null,
              }))}
              optionRender={(opt) => {
                const s = suggestions!.find((x) => x.provider.id === opt.value)!;
                return (
                  <div className="svc-suggestion">
                    <div>
                      <b>{s.provider.name}</b> {s.flagged ? <Tag color="red">{t('services.centre.flagged')}</Tag> : null}
                      {!s.covers ? <Tag>{t('services.centre.notCovering')}</Tag> : null}
                    </div>
                    <Typography.Text type="secondary" style={{ fontSize: '0.85em' }}>
                      {t('services.centre.score', { score: s.score })} · {t('services.centre.free', { n: s.free })} · {s.rating !== null ? t('services.centre.rating', { r: s.rating }) : t('services.centre.noRating')}
                      {s.distanceKm !== null ? ` · ${t('services.centre.km', { km: s.distanceKm })}` : ''}
                    </Typography.Text>
                  </div>
                );
              }}
            />
          </Form.Item>
        ) : null}
        <Form.Item
          name="note"
          label={action === 'complete' ? t('services.detail.completeNote') : noteRequired ? t('services.detail.reason') : t('services.detail.note')}
          rules={noteRequired ? [{ required: true, whitespace: true, message: t('services.detail.reason') }] : []}
        >
          <Input.TextArea rows={3} maxLength={2000} data-testid="transition-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function RateForm({ o, onChanged }: { o: OrderDetail; onChanged: (next: OrderDetail) => void }) {
  const { t } = useTranslation();
  const { elderMode } = useSession();
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      const next = await api.post<OrderDetail>(`/api/service-orders/${o.id}/rate`, { score, comment });
      feedback.success(t('services.detail.thanks'));
      onChanged(next);
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="svc-rate" data-testid="rate-form">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('services.detail.ratingHint')}
      </Typography.Title>
      <Rate value={score} onChange={setScore} style={{ fontSize: elderMode ? 44 : 28 }} data-testid="rate-stars" />
      <Input.TextArea rows={2} value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t('services.detail.comment')} maxLength={500} style={{ marginTop: 12 }} data-testid="rate-comment" />
      <Button type="primary" size="large" block={elderMode} disabled={score === 0} loading={busy} onClick={() => void submit()} style={{ marginTop: 12 }} data-testid="rate-submit">
        {t('services.detail.submitRating')}
      </Button>
    </div>
  );
}

export function OrderTimeline({ o }: { o: OrderDetail }) {
  const { t } = useTranslation();
  return (
    <Timeline
      data-testid="order-timeline"
      items={[...o.history].reverse().map((h) => ({
        key: h.seq,
        color: h.action === 'cancel' || h.action === 'refuse' || h.action === 'complain' ? 'red' : h.action === 'complete' || h.action === 'rate' ? 'green' : 'blue',
        children: (
          <div>
            <b>{t(`services.action.${h.action}`, { defaultValue: h.action })}</b>
            {h.toStatus && h.toStatus !== h.fromStatus ? <span className="muted"> → {t(`services.status.${h.toStatus}`)}</span> : null}
            <div className="muted" style={{ fontSize: '0.85em' }}>
              {districtDateTime(h.at)} · {h.actorName ?? '—'}
            </div>
            {h.note ? <div>{h.note}</div> : null}
          </div>
        ),
      }))}
    />
  );
}

export function ComplaintBox({ o, onChanged }: { o: OrderDetail; onChanged: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const send = async () => {
    setBusy(true);
    try {
      await api.post(`/api/service-orders/${o.id}/complaints`, { text });
      feedback.success(t('services.detail.complaintSent'));
      setOpen(false);
      setText('');
      onChanged();
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div data-testid="complaints">
      {o.complaints.map((k) => (
        <Alert
          key={k.id}
          style={{ marginBottom: 8 }}
          type={k.status === 'resolved' ? 'success' : k.overdue ? 'error' : 'warning'}
          title={k.text}
          description={k.status === 'resolved' ? t('services.detail.resolved', { text: k.resolution }) : `${t('services.detail.due', { time: districtDateTime(k.dueAt) })}${k.overdue ? ` · ${t('services.detail.overdue')}` : ''}`}
        />
      ))}
      {o.canComplain ? (
        open ? (
          <div>
            <Input.TextArea rows={3} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('services.detail.complaintText')} maxLength={1000} data-testid="complaint-text" />
            <Flex gap={8} style={{ marginTop: 8 }}>
              <Button danger type="primary" disabled={text.trim().length < 2} loading={busy} onClick={() => void send()} data-testid="complaint-submit">
                {t('services.detail.complain')}
              </Button>
              <Button onClick={() => setOpen(false)}>{t('app.cancel')}</Button>
            </Flex>
          </div>
        ) : (
          <Button danger onClick={() => setOpen(true)} data-testid="complain">
            {t('services.detail.complain')}
          </Button>
        )
      ) : null}
    </div>
  );
}
