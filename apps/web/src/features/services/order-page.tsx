// Book one item for a resident: a time slot (home, centre and day-care services) or a canteen menu
// (meals), the quantity and a note; the hotline also records the caller. The price shows the
// subsidy the resident is entitled to. In elder mode: one column, large buttons, few words.
import { useMemo, useState } from 'react';
import { Alert, Button, Card, Empty, Flex, Form, Input, InputNumber, Typography } from 'antd';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Menu, OrderDetail, Person, ServiceItem, Slot } from '@linli/contracts';
import { api } from '../../lib/api.ts';
import { feedback, showError } from '../../lib/feedback.ts';
import { useRequest } from '../../lib/use-request.ts';
import { hasRole, useMe, useSession } from '../../lib/session.tsx';
import { ErrorState, PageHeader, PageLoading } from '../../components/states.tsx';
import { PriceLine, dayText, districtTime, slotText } from './shared.tsx';
import { ineligibleText } from './browse-page.tsx';
import './services.css';

export default function OrderPage() {
  const { t } = useTranslation();
  const { itemId = '' } = useParams();
  const [params] = useSearchParams();
  const personId = params.get('personId') ?? undefined;
  const navigate = useNavigate();
  const me = useMe();
  const { elderMode } = useSession();
  const [slotId, setSlotId] = useState<string | null>(null);
  const [menuId, setMenuId] = useState<string | null>(null);
  const [quantity, setQuantity] = useState(1);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ notes?: string; callerName?: string; callerRelation?: string; callerPhone?: string }>();
  const hotline = hasRole(me, 'hotline_operator') && !!personId;

  const item = useRequest((signal) => api.get<ServiceItem>(`/api/service-items/${itemId}`, { personId }, signal), [itemId, personId]);
  const meal = item.data?.fulfilment === 'meal';
  const person = useRequest((signal) => api.get<Person>(`/api/persons/${personId ?? me.personId}`, undefined, signal), [personId, me.personId], !!(personId ?? me.personId));
  const slots = useRequest((signal) => api.get<{ items: Slot[] }>('/api/service-slots', { itemId, personId, days: 7 }, signal), [itemId, personId], !!item.data && !meal);
  const menus = useRequest((signal) => api.get<{ items: Menu[] }>('/api/canteen-menus', { itemId, personId, days: 3 }, signal), [itemId, personId], !!item.data && meal);

  const byDay = useMemo(() => {
    const groups = new Map<string, Slot[]>();
    for (const s of slots.data?.items ?? []) {
      const key = districtTime(s.startsAt).format('YYYY-MM-DD');
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key)!.push(s);
    }
    return [...groups.entries()];
  }, [slots.data]);

  if (item.error) return <ErrorState error={item.error} onRetry={item.reload} />;
  if (!item.data) return <PageLoading />;
  const it = item.data;
  const q = it.quote ? { ...it.quote, quantity, totalFen: it.quote.unitPriceFen * quantity, subsidyFen: it.quote.subsidyPerUnitFen * quantity, payFen: (it.quote.unitPriceFen - it.quote.subsidyPerUnitFen) * quantity } : null;

  const submit = async () => {
    const v = await form.validateFields();
    if (meal ? !menuId : !slotId) {
      feedback.error(meal ? t('services.order.needMenu') : t('services.order.needSlot'));
      return;
    }
    setBusy(true);
    try {
      const o = await api.post<OrderDetail>('/api/service-orders', {
        itemId,
        personId,
        ...(meal ? { menuId } : { slotId }),
        quantity,
        notes: v.notes ?? '',
        ...(hotline && v.callerName ? { caller: { name: v.callerName, relation: v.callerRelation ?? '', ...(v.callerPhone ? { phone: v.callerPhone } : {}) } } : {}),
      });
      feedback.success(`${t('services.order.placed')} · ${o.number}`);
      navigate(`/services/orders/${o.id}`, { replace: true });
    } catch (err) {
      showError(err, form);
      slots.reload();
      menus.reload();
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className={`page svc-page svc-order-page${elderMode ? ' svc-elder' : ''}`} data-testid="order-page">
      <PageHeader title={it.name} sub={`${it.category.name} · ${it.meal ? t(`services.mealMode.${it.meal.mode}`) : t(`services.fulfilment.${it.fulfilment}`)}`} extra={<Button onClick={() => navigate(-1)}>{t('services.order.back')}</Button>} />
      {person.data ? (
        <Card size="small" style={{ marginBottom: 12 }} data-testid="order-recipient">
          <div>
            <Typography.Text type="secondary">{t('services.order.recipient')}：</Typography.Text>
            <b>{person.data.name}</b>（{person.data.age}）
          </div>
          {person.data.address ? (
            <div>
              <Typography.Text type="secondary">{t('services.order.address')}：</Typography.Text>
              {person.data.address}
            </div>
          ) : null}
        </Card>
      ) : null}
      {it.eligible === false ? <Alert type="warning" showIcon title={ineligibleText(it.ineligibleReason, t)} style={{ marginBottom: 12 }} /> : null}

      <Typography.Title level={4}>{meal ? t('services.order.chooseMenu') : t('services.order.chooseSlot')}</Typography.Title>
      {meal ? (
        menus.error ? (
          <ErrorState error={menus.error} onRetry={menus.reload} />
        ) : !menus.data ? (
          <PageLoading />
        ) : !menus.data.items.length ? (
          <Empty description={t('services.order.noMenus')} />
        ) : (
          <div className="svc-menus" data-testid="menu-options">
            {menus.data.items.map((m) => (
              <button
                type="button"
                key={m.id}
                className={`svc-menu${menuId === m.id ? ' svc-choice-selected' : ''}`}
                disabled={m.free < quantity}
                onClick={() => setMenuId(m.id)}
                data-testid="menu-option"
                data-menu-id={m.id}
                aria-pressed={menuId === m.id}
              >
                <Flex justify="space-between" gap={8} wrap>
                  <b>
                    {dayText(m.day, t)} {t(`services.meal.${m.meal}`)}
                  </b>
                  <span>{m.free > 0 ? t('services.order.left', { n: m.free }) : t('services.order.full')}</span>
                </Flex>
                <div>{m.canteen.name}{m.distanceKm !== null ? ` · ${t('services.order.distance', { km: m.distanceKm })}` : ''}</div>
                <div className="muted">{m.dishes.join('、')}</div>
              </button>
            ))}
          </div>
        )
      ) : slots.error ? (
        <ErrorState error={slots.error} onRetry={slots.reload} />
      ) : !slots.data ? (
        <PageLoading />
      ) : !slots.data.items.length ? (
        <Empty description={t('services.order.noSlots')} />
      ) : (
        <div className="svc-slots" data-testid="slot-options">
          {byDay.map(([day, list]) => (
            <div key={day} className="svc-slot-day">
              <div className="svc-slot-day-label">{dayText(day, t)}</div>
              <Flex gap={8} wrap>
                {list.map((s) => (
                  <button
                    type="button"
                    key={s.id}
                    className={`svc-slot${slotId === s.id ? ' svc-choice-selected' : ''}`}
                    disabled={s.free < quantity}
                    onClick={() => setSlotId(s.id)}
                    data-testid="slot-option"
                    data-slot-id={s.id}
                    aria-pressed={slotId === s.id}
                  >
                    <b>{slotText(s.startsAt, s.endsAt, t).split(' ').slice(1).join(' ')}</b>
                    <span className="svc-slot-free">{s.free > 0 ? t('services.order.left', { n: s.free }) : t('services.order.full')}</span>
                    {s.facility ? <span className="svc-slot-free">{s.facility.name}</span> : null}
                  </button>
                ))}
              </Flex>
            </div>
          ))}
        </div>
      )}

      <Form form={form} layout="vertical" requiredMark={false} style={{ marginTop: 16 }}>
        {it.maxQuantity > 1 ? (
          <Form.Item label={t('services.order.quantity')}>
            <InputNumber min={1} max={it.maxQuantity} value={quantity} onChange={(v) => setQuantity(Math.max(1, Math.min(it.maxQuantity, Number(v) || 1)))} size="large" data-testid="order-quantity" addonAfter={it.unit} />
          </Form.Item>
        ) : null}
        <Form.Item name="notes" label={t('services.order.notes')}>
          <Input.TextArea rows={2} maxLength={500} placeholder={t('services.order.notesPlaceholder')} data-testid="order-notes" />
        </Form.Item>
        {hotline ? (
          <Card size="small" title={t('services.order.caller')} style={{ marginBottom: 16 }} data-testid="caller-form">
            <Flex gap={8} wrap>
              <Form.Item name="callerName" label={t('services.order.callerName')} style={{ flex: '1 1 140px', marginBottom: 8 }}>
                <Input maxLength={50} data-testid="caller-name" />
              </Form.Item>
              <Form.Item name="callerRelation" label={t('services.order.callerRelation')} style={{ flex: '1 1 100px', marginBottom: 8 }}>
                <Input maxLength={20} data-testid="caller-relation" />
              </Form.Item>
              <Form.Item name="callerPhone" label={t('services.order.callerPhone')} rules={[{ pattern: /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, message: t('services.order.callerPhone') }]} style={{ flex: '1 1 140px', marginBottom: 8 }}>
                <Input maxLength={20} inputMode="tel" data-testid="caller-phone" />
              </Form.Item>
            </Flex>
          </Card>
        ) : null}
      </Form>

      <Card size="small" className="svc-summary" data-testid="order-summary">
        <Flex justify="space-between" align="center" gap={12} wrap>
          <div>
            <Typography.Text type="secondary">{t('services.order.summary')}：</Typography.Text>
            <PriceLine quote={q} big />
          </div>
          <Button type="primary" size="large" block={elderMode} loading={busy} disabled={it.eligible === false} onClick={() => void submit()} data-testid="order-submit" className="svc-submit">
            {meal ? t('services.order.submitMeal') : t('services.order.submit')}
          </Button>
        </Flex>
      </Card>
    </div>
  );
}
