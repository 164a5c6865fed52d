// An elder canteen's day: the lunch and dinner menus (editable by its operator and street), how
// many meals the kitchen makes, dine-in and delivery counts, each delivery round's list of
// addresses, and the diet notes.
import { useState } from 'react';
import { Button, Card, Col, DatePicker, Empty, Flex, Form, Input, InputNumber, Modal, Row, Select, Statistic, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { Facility, KitchenCounts } from '@linli/contracts';
import { api } from '../../lib/api.ts';
import { feedback, showError } from '../../lib/feedback.ts';
import { useRequest } from '../../lib/use-request.ts';
import { useMe } from '../../lib/session.tsx';
import { ErrorState, PageHeader, PageLoading } from '../../components/states.tsx';
import { districtToday, useOrdersLive } from './shared.tsx';
import './services.css';

type MealCounts = KitchenCounts['meals'][number];

export default function CanteenPage() {
  const { t } = useTranslation();
  const me = useMe();
  const facilities = useRequest((signal) => api.get<{ items: Facility[] }>('/api/service-facilities', { kind: 'elder_canteen' }, signal), []);
  const myOrgs = new Set(me.roles.filter((r) => r.role === 'provider_staff').map((r) => r.orgId));
  const myStreets = new Set(me.roles.filter((r) => r.role === 'street_official').map((r) => r.areaId));
  const district = me.roles.some((r) => r.role === 'district_official' || r.role === 'district_admin');
  const mine = (facilities.data?.items ?? []).filter((f) => district || (f.org && myOrgs.has(f.org.id)) || myStreets.has(f.street.id));
  const [chosen, setChosen] = useState<string | null>(null);
  const [day, setDay] = useState(districtToday());
  const canteenId = chosen ?? mine[0]?.id ?? null;
  const kitchen = useRequest((signal) => api.get<KitchenCounts>(`/api/canteens/${canteenId}/kitchen`, { day }, signal), [canteenId, day], !!canteenId);
  useOrdersLive(kitchen.reload);

  if (facilities.error) return <ErrorState error={facilities.error} onRetry={facilities.reload} />;
  if (!facilities.data) return <PageLoading />;
  if (!mine.length) return <Empty description={t('services.canteen.none')} style={{ marginTop: 64 }} />;
  return (
    <div className="page svc-page" data-testid="canteen-page">
      <PageHeader title={t('services.canteen.title')} sub={t('services.canteen.intro')} />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Select
          value={canteenId ?? undefined}
          onChange={setChosen}
          options={mine.map((f) => ({ value: f.id, label: f.name }))}
          style={{ minWidth: 220, flex: '1 1 220px', maxWidth: 420 }}
          aria-label={t('services.canteen.choose')}
          data-testid="canteen-select"
        />
        <DatePicker value={dayjs(day)} onChange={(d) => d && setDay(d.format('YYYY-MM-DD'))} allowClear={false} data-testid="canteen-day" />
      </Flex>
      {kitchen.error ? <ErrorState error={kitchen.error} onRetry={kitchen.reload} /> : !kitchen.data ? <PageLoading /> : (
        <Row gutter={[12, 12]}>
          {kitchen.data.meals.map((m) => (
            <Col xs={24} lg={12} key={m.meal}>
              <MealCard m={m} onChanged={kitchen.reload} />
            </Col>
          ))}
        </Row>
      )}
    </div>
  );
}

function MealCard({ m, onChanged }: { m: MealCounts; onChanged: () => void }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  return (
    <Card
      size="small"
      title={`${t(`services.meal.${m.meal}`)} · ${t('services.canteen.kitchen')}`}
      extra={m.menuId ? <Button size="small" onClick={() => setEditing(true)} data-testid={`edit-menu-${m.meal}`}>{t('services.canteen.editMenu')}</Button> : null}
      data-testid={`kitchen-${m.meal}`}
      data-total={m.total}
    >
      <Typography.Paragraph style={{ marginBottom: 8 }}>
        <Typography.Text type="secondary">{t('services.canteen.menu')}：</Typography.Text>
        {m.dishes.join('、') || '—'}
      </Typography.Paragraph>
      <Flex gap={24} wrap style={{ marginBottom: 8 }}>
        <Statistic title={t('services.canteen.total')} value={m.total} suffix={`/ ${m.capacity}`} />
        <Statistic title={t('services.canteen.dineIn')} value={m.dineIn} />
        <Statistic title={t('services.canteen.delivery')} value={m.delivery} />
      </Flex>
      {m.byItem.length ? (
        <div style={{ marginBottom: 8 }}>
          {m.byItem.map((x) => (
            <Tag key={x.item.id}>
              {x.item.name} × {x.count}
            </Tag>
          ))}
        </div>
      ) : null}
      {m.notes.length ? (
        <div style={{ marginBottom: 8 }} data-testid="kitchen-notes">
          <Typography.Text strong>{t('services.canteen.notes')}</Typography.Text>
          {m.notes.map((n) => (
            <div key={n.number} className="muted">
              {n.name}（{n.item}）：{n.notes}
            </div>
          ))}
        </div>
      ) : null}
      <Typography.Text strong>{t('services.canteen.rounds')}</Typography.Text>
      {!m.rounds.length ? <div className="muted">{t('services.canteen.noOrders')}</div> : null}
      {m.rounds.map((r) => (
        <div key={r.round?.id ?? 'none'} className="svc-round" data-testid="kitchen-round">
          <div>
            <b>{r.round?.label ?? '—'}</b> {r.round ? <span className="muted">{t('services.canteen.departs', { time: r.round.departs })}</span> : null} · {r.count}
          </div>
          <Table
            size="small"
            pagination={false}
            rowKey="id"
            dataSource={r.orders}
            columns={[
              { title: '', dataIndex: 'name', key: 'name', width: 80 },
              { title: '', dataIndex: 'address', key: 'address', ellipsis: true },
              { title: '', dataIndex: 'quantity', key: 'quantity', width: 44, render: (q: number) => `×${q}` },
            ]}
            showHeader={false}
          />
        </div>
      ))}
      {editing && m.menuId ? <MenuEditor menuId={m.menuId} dishes={m.dishes} capacity={m.capacity} onClose={() => setEditing(false)} onSaved={onChanged} /> : null}
    </Card>
  );
}

function MenuEditor({ menuId, dishes, capacity, onClose, onSaved }: { menuId: string; dishes: string[]; capacity: number; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ dishes: string; capacity: number }>();
  const [busy, setBusy] = useState(false);
  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await api.patch(`/api/canteen-menus/${menuId}`, { dishes: v.dishes.split(/[,，、]/).map((d) => d.trim()).filter(Boolean), capacity: v.capacity });
      feedback.success(t('services.canteen.saved'));
      onSaved();
      onClose();
    } catch (err) {
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('services.canteen.editMenu')} onCancel={onClose} onOk={() => void save()} confirmLoading={busy} okText={t('app.save')} cancelText={t('app.cancel')} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ dishes: dishes.join('、'), capacity }}>
        <Form.Item name="dishes" label={t('services.canteen.dishes')} rules={[{ required: true }]}>
          <Input.TextArea rows={2} data-testid="menu-dishes" />
        </Form.Item>
        <Form.Item name="capacity" label={t('services.canteen.capacity')} rules={[{ required: true }]}>
          <InputNumber min={0} max={10000} data-testid="menu-capacity" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
