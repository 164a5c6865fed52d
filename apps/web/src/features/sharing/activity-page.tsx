// One activity: when, where, for whom and how full; residents sign up (or join the waitlist) and
// check in at the door with the code; volunteers take a role; organisers see the door code in large
// type, the sign-up sheet, and finish the activity (which records attendance and volunteer hours).
import { useState } from 'react';
import { Button, Card, Descriptions, Empty, Flex, Form, Input, Space, Tag, Typography } from 'antd';
import { useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Activity } from '@linli/contracts';
import { api } from '../../lib/api.ts';
import { useRequest } from '../../lib/use-request.ts';
import { useLiveEvent } from '../../lib/live.tsx';
import { feedback, showError } from '../../lib/feedback.ts';
import { useSession } from '../../lib/session.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { ErrorState, PageLoading } from '../../components/states.tsx';
import { ItemList, ItemRow } from '../../components/item-list.tsx';
import { ActButton, BackLink, StatusTag } from './shared.tsx';
import './sharing.css';

type Signup = { userId: string; name: string; kind: 'participant' | 'volunteer'; roleName: string | null; status: string; checkedInAt: string | null };

export default function ActivityPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const req = useRequest((signal) => api.get<Activity>(`/api/activities/${id}`, undefined, signal), [id]);
  const sheet = useRequest((signal) => api.get<{ items: Signup[] }>(`/api/activities/${id}/signups`, undefined, signal), [id], !!req.data?.canManage);
  useLiveEvent('sharing.activity', (d) => {
    if ((d as { id?: string }).id !== id) return;
    req.reload();
    if (req.data?.canManage) sheet.reload();
  });
  if (req.error) return <ErrorState error={req.error} onRetry={req.reload} />;
  if (!req.data) return <PageLoading />;
  const a = req.data;
  const set = (x: Activity) => {
    req.setData(x);
    if (x.canManage) sheet.reload();
  };
  const open = a.status === 'open' && new Date(a.endsAt).getTime() > Date.now();
  const s = a.mySignup;
  return (
    <div className="page share-detail" data-testid="activity-page">
      <BackLink tab="activities" />
      <Card className="share-card">
        <Flex justify="space-between" align="start" wrap gap={8}>
          <Typography.Title level={3} className="share-detail-title">
            {a.title}
          </Typography.Title>
          <Flex gap={6} wrap>
            {a.theme ? <Tag color="volcano">{a.theme}</Tag> : null}
            {a.status !== 'open' ? <StatusTag kind="activity" status={a.status} /> : null}
          </Flex>
        </Flex>
        <Descriptions column={1} size="small" className="share-desc">
          <Descriptions.Item label={t('sharing.activity.form.starts')}>{t('sharing.activity.when', { from: formatDateTime(a.startsAt), to: formatDateTime(a.endsAt).slice(11) })}</Descriptions.Item>
          <Descriptions.Item label={t('sharing.activity.form.place')}>{a.place}</Descriptions.Item>
          <Descriptions.Item label={t('sharing.activity.form.group')}>{t(`sharing.group.${a.targetGroup}`)}</Descriptions.Item>
          <Descriptions.Item label={t('sharing.activity.form.capacity')}>
            <span data-testid="activity-places">{t('sharing.activity.places', { n: a.registered, cap: a.capacity })}</span>
            {a.waitlisted ? ` · ${t('sharing.activity.waiting', { n: a.waitlisted })}` : ''}
          </Descriptions.Item>
        </Descriptions>
        {a.description ? <Typography.Paragraph>{a.description}</Typography.Paragraph> : null}
        <div data-testid="my-signup" data-status={s?.status ?? 'none'}>
          {s ? (
            <Tag color={s.status === 'waitlisted' ? 'gold' : 'success'} className="share-big-tag">
              {s.status === 'waitlisted' ? t('sharing.activity.waitlisted', { n: s.waitlistPosition }) : t(`sharing.activity.status.${s.status}`)}
              {s.roleId ? ` · ${a.roles.find((r) => r.id === s.roleId)?.name ?? ''}` : ''}
            </Tag>
          ) : null}
        </div>
        {open ? (
          <Space wrap className="share-actions">
            {!s ? (
              <ActButton type="primary" data-testid="activity-signup" run={async () => set(await api.post<Activity>(`/api/activities/${a.id}/signup`))}>
                {t('sharing.activity.signUp')}
              </ActButton>
            ) : s.status !== 'attended' ? (
              <ActButton data-testid="activity-cancel-signup" run={async () => set(await api.post<Activity>(`/api/activities/${a.id}/cancel-signup`))}>
                {t('sharing.activity.cancelSignup')}
              </ActButton>
            ) : null}
          </Space>
        ) : null}
      </Card>
      {open && s?.status === 'registered' ? <CheckInCard activity={a} onDone={set} /> : null}
      {a.roles.length ? (
        <Card size="small" title={t('sharing.activity.roles')} className="share-card">
          <ItemList testId="activity-roles">
            {a.roles.map((r) => (
              <ItemRow
                key={r.id}
                title={r.name}
                description={t('sharing.activity.roleTaken', { taken: r.taken, slots: r.slots })}
                extra={
                  r.mine ? (
                    <Tag color="success">✓</Tag>
                  ) : open && !s && r.taken < r.slots ? (
                    <ActButton size="small" data-testid="take-role" run={async () => set(await api.post<Activity>(`/api/activities/${a.id}/roles/${r.id}/take`))}>
                      {t('sharing.activity.takeRole')}
                    </ActButton>
                  ) : undefined
                }
              />
            ))}
          </ItemList>
        </Card>
      ) : null}
      {a.canManage ? (
        <Card size="small" title={t('sharing.activity.doorCode')} className="share-card" data-testid="organiser-panel">
          <div className="door-code" data-testid="door-code">
            {a.checkinCode}
          </div>
          {a.status === 'open' ? (
            <Space wrap className="share-actions">
              <ActButton type="primary" data-testid="activity-finish" run={async () => set(await api.post<Activity>(`/api/activities/${a.id}/finish`))} done={t('sharing.activity.finished')}>
                {t('sharing.activity.finish')}
              </ActButton>
              <ActButton danger run={async () => set(await api.post<Activity>(`/api/activities/${a.id}/cancel`))} done={t('sharing.activity.cancelled')}>
                {t('sharing.activity.cancel')}
              </ActButton>
            </Space>
          ) : null}
          <Typography.Title level={5}>{t('sharing.activity.sheet')}</Typography.Title>
          {!sheet.data?.items.length ? (
            <Empty />
          ) : (
            <ItemList testId="signup-sheet">
              {sheet.data.items.map((x) => (
                <ItemRow key={x.userId} title={x.name} description={`${t(`sharing.activity.kind.${x.kind}`)}${x.roleName ? ` · ${x.roleName}` : ''}`} extra={<Tag>{t(`sharing.activity.status.${x.status}`)}</Tag>} />
              ))}
            </ItemList>
          )}
        </Card>
      ) : null}
    </div>
  );
}

function CheckInCard({ activity, onDone }: { activity: Activity; onDone: (a: Activity) => void }) {
  const { t } = useTranslation();
  const { elderMode } = useSession();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  return (
    <Card size="small" title={t('sharing.activity.checkIn')} className="share-card" data-testid="checkin-card">
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v: { code: string }) => {
          setBusy(true);
          try {
            onDone(await api.post<Activity>(`/api/activities/${activity.id}/check-in`, { code: v.code }));
            feedback.success(t('sharing.activity.attended'));
          } catch (err) {
            showError(err, form);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item name="code" label={t('sharing.activity.code')} extra={t('sharing.activity.codeHint')} rules={[{ required: true }]}>
          <Input inputMode="numeric" maxLength={12} className="code-input" data-testid="checkin-code" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} block size={elderMode ? 'large' : undefined} data-testid="checkin-submit">
          {t('sharing.activity.checkIn')}
        </Button>
      </Form>
    </Card>
  );
}
