// 我的志愿 / My volunteering: one's hours (confirmed and waiting), a claim for a team leader, the
// certificate, the profile, teams to join or leave, claims to approve as a leader, and rankings.
import { useState } from 'react';
import { Button, Card, Checkbox, Col, DatePicker, Empty, Flex, Form, Input, InputNumber, Row, Segmented, Select, Statistic, Tabs, Tag, Typography } from 'antd';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { type HoursEntry, type MyVolunteering, type Ranking, type Team, type Certificate, SUGGESTED_SKILLS, chinaToday } from '@linli/contracts';
import { api, type Paged } from '../../lib/api.ts';
import { useRequest } from '../../lib/use-request.ts';
import { feedback, showError } from '../../lib/feedback.ts';
import { formatDate } from '../../lib/format.ts';
import { ErrorState, PageHeader, PageLoading } from '../../components/states.tsx';
import { ItemList, ItemRow } from '../../components/item-list.tsx';
import { CommunitySelect, HoursStatusTag, hours, isFuture, useCommunities } from './shared.tsx';
import './participation.css';

export default function VolunteeringPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'hours';
  const me = useRequest((signal) => api.get<MyVolunteering>('/api/volunteering/me', undefined, signal), []);
  if (me.error) return <ErrorState error={me.error} onRetry={me.reload} />;
  if (!me.data) return <PageLoading />;
  const leads = me.data.teams.some((x) => x.myRole === 'leader');
  const items = [
    { key: 'hours', label: t('participation.volunteering.tabs.hours'), children: <HoursTab data={me.data} reload={me.reload} /> },
    { key: 'teams', label: t('participation.volunteering.tabs.teams'), children: tab === 'teams' ? <TeamsTab onChange={me.reload} /> : null },
    ...(leads || me.data.pendingApprovals > 0
      ? [{ key: 'approvals', label: <span>{t('participation.volunteering.tabs.approvals')} {me.data.pendingApprovals ? <Tag color="red">{me.data.pendingApprovals}</Tag> : null}</span>, children: tab === 'approvals' ? <ApprovalsTab onChange={me.reload} /> : null }]
      : []),
    { key: 'rankings', label: t('participation.volunteering.tabs.rankings'), children: tab === 'rankings' ? <Rankings defaultCommunityId={me.data.volunteer?.communityId ?? undefined} /> : null },
  ];
  return (
    <div className="page participation-page" data-testid="volunteering-page">
      <PageHeader title={t('participation.volunteering.title')} sub={t('participation.volunteering.intro')} />
      <Tabs activeKey={tab} onChange={(k) => setParams({ tab: k }, { replace: true })} items={items} />
    </div>
  );
}

function HoursTab({ data, reload }: { data: MyVolunteering; reload: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [issuing, setIssuing] = useState(false);
  const v = data.volunteer;
  const issue = async () => {
    setIssuing(true);
    try {
      const c = await api.post<Certificate>('/api/volunteering/certificates', {});
      navigate(`/volunteering/certificates/${c.id}`);
    } catch (err) {
      showError(err);
    } finally {
      setIssuing(false);
    }
  };
  return (
    <Flex vertical gap={16}>
      {v ? (
        <Row gutter={[12, 12]}>
          <Col xs={12} md={8}>
            <Card size="small">
              <Statistic title={t('participation.volunteering.approvedTotal')} value={hours(v.approvedMinutes)} valueStyle={{ color: '#1d4f91' }} />
              <span data-testid="approved-minutes" data-value={v.approvedMinutes} hidden />
            </Card>
          </Col>
          <Col xs={12} md={8}>
            <Card size="small">
              <Statistic title={t('participation.volunteering.pendingTotal')} value={hours(v.pendingMinutes)} />
            </Card>
          </Col>
          <Col xs={24} md={8}>
            <Card size="small">
              <Flex vertical gap={8}>
                <Typography.Text strong>{t('participation.volunteering.certificate')}</Typography.Text>
                <Button type="primary" onClick={() => void issue()} loading={issuing} disabled={!v.approvedMinutes} data-testid="issue-certificate" block>
                  {t('participation.volunteering.issueCertificate')}
                </Button>
                {data.certificates.slice(0, 3).map((c) => (
                  <Button key={c.id} type="link" size="small" onClick={() => navigate(`/volunteering/certificates/${c.id}`)} style={{ padding: 0, height: 'auto' }}>
                    {c.number} · {hours(c.totalMinutes)}
                  </Button>
                ))}
              </Flex>
            </Card>
          </Col>
        </Row>
      ) : (
        <Typography.Paragraph type="secondary">{t('participation.volunteering.noProfile')}</Typography.Paragraph>
      )}
      {v && data.teams.length ? <ClaimCard teams={data.teams} onDone={reload} /> : null}
      <Card size="small" title={t('participation.volunteering.entries')}>
        {data.recent.length === 0 ? <Empty description={t('participation.common.noData')} /> : <EntryList entries={data.recent} testId="my-entries" />}
      </Card>
      <ProfileCard data={data} onSaved={reload} />
    </Flex>
  );
}

export function EntryList({ entries, testId, actions }: { entries: HoursEntry[]; testId?: string; actions?: (e: HoursEntry) => React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <ItemList testId={testId}>
      {entries.map((e) => (
        <ItemRow
          key={e.id}
          testId="hours-row"
          data-source={e.source}
          title={
            <Flex gap={6} wrap align="center">
              <Tag color="blue">{t(`participation.source.${e.source}`)}</Tag>
              <span>{e.description}</span>
            </Flex>
          }
          description={
            <span className="part-meta">
              <span>{formatDate(e.servedOn)}</span>
              <span>{e.volunteerName}</span>
              {e.communityName ? <span>{e.communityName}</span> : null}
              {e.teamName ? <span>{e.teamName}</span> : null}
              <HoursStatusTag status={e.status} />
            </span>
          }
          extra={
            <Flex vertical align="end" gap={4}>
              <strong>{hours(e.minutes)}</strong>
              {actions?.(e)}
            </Flex>
          }
        />
      ))}
    </ItemList>
  );
}

function ClaimCard({ teams, onDone }: { teams: Team[]; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const today = chinaToday();
  const submit = async (v: { teamId: string; minutes: number; servedOn: Dayjs; description: string }) => {
    setBusy(true);
    try {
      await api.post('/api/volunteering/hours', { source: 'manual', teamId: v.teamId, minutes: v.minutes, servedOn: v.servedOn.format('YYYY-MM-DD'), description: v.description });
      feedback.success(t('participation.volunteering.claimed'));
      form.resetFields();
      onDone();
    } catch (err) {
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={t('participation.volunteering.claim')}>
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('participation.volunteering.claimHint')}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ teamId: teams[0]?.id, minutes: 60, servedOn: dayjs(today) }}>
        <Row gutter={12}>
          <Col xs={24} md={8}>
            <Form.Item name="teamId" label={t('participation.volunteering.claimTeam')} rules={[{ required: true }]}>
              <Select options={teams.map((x) => ({ value: x.id, label: x.name }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="minutes" label={t('participation.volunteering.claimMinutes')} rules={[{ required: true }]}>
              <InputNumber min={1} max={1440} precision={0} step={30} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="servedOn" label={t('participation.volunteering.claimDate')} rules={[{ required: true }]}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => isFuture(d, today)} allowClear={false} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label={t('participation.volunteering.claimWhat')} rules={[{ required: true, max: 200 }]}>
          <Input />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="claim-submit">
          {t('participation.common.submit')}
        </Button>
      </Form>
    </Card>
  );
}

function ProfileCard({ data, onSaved }: { data: MyVolunteering; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const communities = useCommunities();
  const [busy, setBusy] = useState(false);
  const v = data.volunteer;
  const save = async (values: Record<string, unknown>) => {
    setBusy(true);
    try {
      await api.put('/api/volunteering/me', { ...values, intro: values.intro ?? '' });
      feedback.success(t('participation.common.saved'));
      onSaved();
    } catch (err) {
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };
  const options = communities.data?.items ?? [];
  return (
    <Card size="small" title={t('participation.volunteering.profile')}>
      <Form
        form={form}
        layout="vertical"
        onFinish={(x) => void save(x)}
        initialValues={{ name: v?.name, communityId: v?.communityId ?? undefined, skills: v?.skills ?? [], availability: v?.availability ?? [], serviceAreaIds: v?.serviceAreaIds ?? [], intro: v?.intro ?? '' }}
      >
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="name" label={t('participation.volunteering.name')}>
              <Input maxLength={64} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="communityId" label={t('participation.volunteering.homeCommunity')}>
              <CommunitySelect options={options} testId="profile-community" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="skills" label={t('participation.volunteering.skills')} tooltip={t('participation.volunteering.skillsHint')}>
          <Select mode="tags" options={SUGGESTED_SKILLS.map((s) => ({ value: s, label: t(`participation.skill.${s}`) }))} />
        </Form.Item>
        <Form.Item name="availability" label={t('participation.volunteering.availability')}>
          <Checkbox.Group options={(['weekday_day', 'weekday_evening', 'weekend', 'on_call'] as const).map((a) => ({ value: a, label: t(`participation.availability.${a}`) }))} />
        </Form.Item>
        <Form.Item name="serviceAreaIds" label={t('participation.volunteering.serviceAreas')}>
          <Select mode="multiple" optionFilterProp="label" options={options.map((c) => ({ value: c.id, label: c.name }))} />
        </Form.Item>
        <Form.Item name="intro" label={t('participation.volunteering.about')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="profile-save">
          {t('participation.common.save')}
        </Button>
      </Form>
    </Card>
  );
}

function TeamsTab({ onChange }: { onChange: () => void }) {
  const { t } = useTranslation();
  const list = useRequest((signal) => api.get<{ items: Team[] }>('/api/volunteering/teams', undefined, signal), []);
  const act = async (team: Team, action: 'join' | 'leave') => {
    try {
      await api.post(`/api/volunteering/teams/${team.id}/${action}`);
      feedback.success(t(action === 'join' ? 'participation.volunteering.joined' : 'participation.volunteering.left'));
      list.reload();
      onChange();
    } catch (err) {
      showError(err);
    }
  };
  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} />;
  if (!list.data) return <PageLoading />;
  const mine = list.data.items.filter((x) => x.myRole);
  const others = list.data.items.filter((x) => !x.myRole);
  const row = (x: Team) => (
    <ItemRow
      key={x.id}
      testId="team-row"
      title={
        <Flex gap={6} wrap align="center">
          <span>{x.name}</span>
          {x.myRole ? <Tag color={x.myRole === 'leader' ? 'gold' : 'blue'}>{t(`participation.volunteering.${x.myRole}`)}</Tag> : null}
        </Flex>
      }
      description={
        <span className="part-meta">
          <span>{x.communityName}</span>
          <span>{t('participation.volunteering.members', { count: x.memberCount })}</span>
          <span>{hours(x.approvedMinutes)}</span>
          {x.leaders.length ? <span>{t('participation.volunteering.leader')}：{x.leaders.map((l) => l.name).join('、')}</span> : null}
        </span>
      }
      extra={
        x.myRole === 'member' ? (
          <Button size="small" onClick={() => void act(x, 'leave')}>
            {t('participation.volunteering.leave')}
          </Button>
        ) : !x.myRole ? (
          <Button size="small" type="primary" onClick={() => void act(x, 'join')} data-testid="join-team">
            {t('participation.volunteering.join')}
          </Button>
        ) : null
      }
    />
  );
  return (
    <Flex vertical gap={16}>
      <Card size="small" title={t('participation.volunteering.myTeams')}>
        {mine.length ? <ItemList>{mine.map(row)}</ItemList> : <Empty description={t('participation.common.noData')} />}
      </Card>
      <Card size="small" title={t('participation.volunteering.otherTeams')}>
        {others.length ? <ItemList maxHeight={520}>{others.map(row)}</ItemList> : <Empty description={t('participation.common.noData')} />}
      </Card>
    </Flex>
  );
}

function ApprovalsTab({ onChange }: { onChange: () => void }) {
  const { t } = useTranslation();
  const list = useRequest((signal) => api.get<Paged<HoursEntry>>('/api/volunteering/hours/approvals', undefined, signal), []);
  const decide = async (e: HoursEntry, decision: 'approve' | 'reject') => {
    try {
      await api.post(`/api/volunteering/hours/${e.id}/decision`, { decision });
      feedback.success(t(decision === 'approve' ? 'participation.volunteering.approved' : 'participation.volunteering.rejected'));
      list.reload();
      onChange();
    } catch (err) {
      showError(err);
    }
  };
  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} />;
  if (!list.data) return <PageLoading />;
  if (!list.data.items.length) return <Empty description={t('participation.volunteering.approvalsEmpty')} />;
  return (
    <EntryList
      entries={list.data.items}
      testId="approvals-list"
      actions={(e) => (
        <Flex gap={6}>
          <Button size="small" type="primary" onClick={() => void decide(e, 'approve')} data-testid="approve-hours">
            {t('participation.common.approve')}
          </Button>
          <Button size="small" danger onClick={() => void decide(e, 'reject')}>
            {t('participation.common.reject')}
          </Button>
        </Flex>
      )}
    />
  );
}

/** Volunteers and teams ranked by confirmed hours, for a community or the district. */
export function Rankings({ defaultCommunityId }: { defaultCommunityId?: string }) {
  const { t } = useTranslation();
  const communities = useCommunities();
  const [communityId, setCommunityId] = useState<string | undefined>(defaultCommunityId);
  const [view, setView] = useState<'volunteers' | 'teams'>('volunteers');
  const data = useRequest((signal) => api.get<Ranking>('/api/volunteering/rankings', { communityId, limit: 50 }, signal), [communityId]);
  return (
    <Flex vertical gap={12}>
      <Flex gap={8} wrap>
        <div style={{ flex: '1 1 220px', maxWidth: 360 }}>
          <CommunitySelect options={communities.data?.items ?? []} value={communityId} onChange={setCommunityId} allowClear placeholder={t('participation.rankings.district')} testId="ranking-community" />
        </div>
        <Segmented value={view} onChange={(v) => setView(v as 'volunteers' | 'teams')} options={[{ value: 'volunteers', label: t('participation.rankings.volunteers') }, { value: 'teams', label: t('participation.rankings.teams') }]} />
      </Flex>
      {data.error ? (
        <ErrorState error={data.error} onRetry={data.reload} />
      ) : !data.data ? (
        <PageLoading />
      ) : view === 'volunteers' ? (
        data.data.volunteers.length ? (
          <ItemList testId="ranking-volunteers">
            {data.data.volunteers.map((r) => (
              <ItemRow key={r.volunteerId} leading={<span className={`rank-badge rank-${r.rank}`}>{r.rank}</span>} title={r.name} description={t('participation.rankings.entries', { count: r.entries })} extra={<strong>{hours(r.minutes)}</strong>} />
            ))}
          </ItemList>
        ) : (
          <Empty description={t('participation.common.noData')} />
        )
      ) : data.data.teams.length ? (
        <ItemList testId="ranking-teams">
          {data.data.teams.map((r) => (
            <ItemRow key={r.teamId} leading={<span className={`rank-badge rank-${r.rank}`}>{r.rank}</span>} title={r.name} description={`${r.communityName} · ${t('participation.volunteering.members', { count: r.members })}`} extra={<strong>{hours(r.minutes)}</strong>} />
          ))}
        </ItemList>
      ) : (
        <Empty description={t('participation.common.noData')} />
      )}
    </Flex>
  );
}
