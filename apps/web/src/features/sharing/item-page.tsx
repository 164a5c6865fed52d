// One item: what it is, where it is kept, the days already taken, and a reservation form; its owner
// (or the hut keeper) sees the loans and can withdraw it or check it in at the hut.
import { useState } from 'react';
import { Button, Card, Checkbox, DatePicker, Descriptions, Flex, Form, Tag, Typography } from 'antd';
import { useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import type { Hut, Loan, ShareItem } from '@linli/contracts';
import { api, newIdempotencyKey, type Paged } from '../../lib/api.ts';
import { useRequest } from '../../lib/use-request.ts';
import { feedback, showError } from '../../lib/feedback.ts';
import { useSession } from '../../lib/session.tsx';
import { ErrorState, PageLoading } from '../../components/states.tsx';
import { ItemList, ItemRow } from '../../components/item-list.tsx';
import { ActButton, BackLink, Distance, StatusTag, yuan } from './shared.tsx';
import './sharing.css';

export default function ItemPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const req = useRequest((signal) => api.get<ShareItem>(`/api/share-items/${id}`, undefined, signal), [id]);
  const loans = useRequest((signal) => api.get<Paged<Loan>>('/api/loans', { itemId: id, pageSize: 50 }, signal), [id]);
  const huts = useRequest((signal) => api.get<{ items: Hut[] }>('/api/huts', undefined, signal), []);
  if (req.error) return <ErrorState error={req.error} onRetry={req.reload} />;
  if (!req.data) return <PageLoading />;
  const item = req.data;
  const reload = () => {
    req.reload();
    loans.reload();
  };
  return (
    <div className="page share-detail" data-testid="item-page">
      <BackLink />
      <Card className="share-card">
        <Flex justify="space-between" align="start" wrap gap={8}>
          <Typography.Title level={3} className="share-detail-title" data-testid="item-title">
            {item.title}
          </Typography.Title>
          <Flex gap={6} wrap>
            <Tag>{t(`sharing.category.${item.category}`)}</Tag>
            {item.status === 'withdrawn' ? <Tag color="default">{t('sharing.item.withdrawn')}</Tag> : null}
            {item.keptAt === 'hut' ? <Tag color={item.inHut ? 'green' : 'orange'} data-testid="item-in-hut">{item.inHut ? t('sharing.item.inHut') : t('sharing.item.notInHut')}</Tag> : null}
          </Flex>
        </Flex>
        {item.photoUrl ? <img className="item-photo" src={item.photoUrl} alt={item.title} /> : null}
        <Descriptions column={1} size="small" className="share-desc">
          <Descriptions.Item label={t('sharing.item.form.condition')}>{t(`sharing.condition.${item.condition}`)}</Descriptions.Item>
          <Descriptions.Item label={t('sharing.item.depositLabel')}>{item.depositFen ? yuan(item.depositFen) : t('sharing.item.noDeposit')}</Descriptions.Item>
          <Descriptions.Item label={t('sharing.item.form.maxDays')}>{item.maxDays}</Descriptions.Item>
          <Descriptions.Item label={t('sharing.item.form.keptAt')}>
            {item.keptAt === 'hut' ? item.hutName : `${t('sharing.keptAt.home')} · ${item.ownerName}`} {item.isMine ? null : <Distance m={item.distanceM} />}
          </Descriptions.Item>
          {item.description ? <Descriptions.Item label={t('sharing.item.form.description')}>{item.description}</Descriptions.Item> : null}
        </Descriptions>
        <div className="share-booked" data-testid="item-booked">
          {item.booked.length === 0 ? (
            <Typography.Text type="secondary">{t('sharing.item.noBookings')}</Typography.Text>
          ) : (
            <>
              <Typography.Text strong>{t('sharing.item.booked')}：</Typography.Text>
              {item.booked.map((b) => (
                <Tag key={`${b.startsOn}${b.endsOn}`} color="orange">
                  {b.startsOn === b.endsOn ? b.startsOn : `${b.startsOn} ~ ${b.endsOn}`}
                </Tag>
              ))}
            </>
          )}
          {item.waitlisted ? <Tag>{t('sharing.item.waitlisted', { count: item.waitlisted })}</Tag> : null}
        </div>
      </Card>
      {item.isMine ? <OwnerPanel item={item} onChanged={reload} /> : item.status === 'available' ? <ReserveForm item={item} /> : null}
      {item.keptAt === 'hut' && !item.inHut && !item.isMine && huts.data?.items.some((h) => h.id === item.hutId && (h.isKeeper || h.canManage)) ? <KeeperCheckIn item={item} onChanged={reload} /> : null}
      {loans.data && loans.data.items.length > 0 ? (
        <Card size="small" title={t('sharing.tabs.loans')} className="share-card">
          <LoanList loans={loans.data.items} />
        </Card>
      ) : null}
    </div>
  );
}

function LoanList({ loans }: { loans: Loan[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <ItemList testId="item-loans">
      {loans.map((l) => (
        <ItemRow
          key={l.id}
          testId="item-loan-row"
          onClick={() => navigate(`/sharing/loans/${l.id}`)}
          title={
            <Flex gap={6} wrap align="center">
              <StatusTag kind="loan" status={l.status} />
              <span>{t('sharing.loan.dates', { from: l.startsOn, to: l.endsOn })}</span>
            </Flex>
          }
          description={t('sharing.loan.borrower', { name: l.borrowerName })}
        />
      ))}
    </ItemList>
  );
}

function ReserveForm({ item }: { item: ShareItem }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { elderMode } = useSession();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [key] = useState(newIdempotencyKey);
  const taken = (d: Dayjs) => item.booked.some((b) => !d.isBefore(dayjs(b.startsOn), 'day') && !d.isAfter(dayjs(b.endsOn), 'day'));
  const submit = async (v: { startsOn: Dayjs; endsOn: Dayjs; waitlist?: boolean }) => {
    setBusy(true);
    try {
      const loan = await api.post<Loan>('/api/loans', { itemId: item.id, startsOn: v.startsOn.format('YYYY-MM-DD'), endsOn: v.endsOn.format('YYYY-MM-DD'), waitlist: !!v.waitlist }, { idempotencyKey: key });
      feedback.success(loan.status === 'waitlisted' ? t('sharing.item.queued') : t('sharing.item.reserved'));
      navigate(`/sharing/loans/${loan.id}`);
    } catch (err) {
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={t('sharing.item.reserve')} className="share-card" data-testid="reserve-form">
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ startsOn: dayjs(), endsOn: dayjs().add(Math.min(2, item.maxDays) - 1, 'day') }}>
        <Flex gap={12} wrap>
          <Form.Item name="startsOn" label={t('sharing.item.from')} rules={[{ required: true }]} className="share-date">
            <DatePicker style={{ width: '100%' }} inputReadOnly={false} disabledDate={(d) => d.isBefore(dayjs(), 'day')} cellRender={(d, info) => (info.type === 'date' && dayjs.isDayjs(d) && taken(d) ? <div className="ant-picker-cell-inner share-taken">{d.date()}</div> : info.originNode)} data-testid="reserve-from" />
          </Form.Item>
          <Form.Item name="endsOn" label={t('sharing.item.to')} rules={[{ required: true }]} className="share-date">
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} data-testid="reserve-to" />
          </Form.Item>
        </Flex>
        <Form.Item name="waitlist" valuePropName="checked">
          <Checkbox>{t('sharing.item.waitlist')}</Checkbox>
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} block size={elderMode ? 'large' : 'middle'} data-testid="reserve-submit">
          {t('sharing.item.reserve')}
        </Button>
      </Form>
    </Card>
  );
}

function OwnerPanel({ item, onChanged }: { item: ShareItem; onChanged: () => void }) {
  const { t } = useTranslation();
  return (
    <Card size="small" className="share-card">
      <Typography.Paragraph type="secondary">{t('sharing.item.own')}</Typography.Paragraph>
      {item.status === 'available' ? (
        <ActButton danger run={async () => { await api.patch(`/api/share-items/${item.id}`, { status: 'withdrawn' }); onChanged(); }} done={t('sharing.item.withdrawn')} data-testid="item-withdraw">
          {t('sharing.item.withdraw')}
        </ActButton>
      ) : (
        <ActButton run={async () => { await api.patch(`/api/share-items/${item.id}`, { status: 'available' }); onChanged(); }}>{t('sharing.skill.resume')}</ActButton>
      )}
      {item.keptAt === 'hut' && !item.inHut ? <KeeperCheckIn item={item} onChanged={onChanged} inline /> : null}
    </Card>
  );
}

function KeeperCheckIn({ item, onChanged, inline }: { item: ShareItem; onChanged: () => void; inline?: boolean }) {
  const { t } = useTranslation();
  const button = (
    <ActButton run={async () => { await api.post(`/api/share-items/${item.id}/check-in`); onChanged(); }} done={t('sharing.item.checkedIn')} data-testid="item-check-in" style={inline ? { marginLeft: 8 } : undefined}>
      {t('sharing.item.checkIn')}
    </ActButton>
  );
  return inline ? button : <Card size="small" className="share-card">{button}</Card>;
}
