// Volunteer desk for community staff, grid workers and officials: record hours of service in the
// ledger (from an activity, a micro-wish, skill help, a pairing), keep teams and their leaders,
// register residents as volunteers, read the ledger and the rankings.
import { useEffect, useState } from 'react';
import { Button, Card, Col, DatePicker, Drawer, Empty, Flex, Form, Input, InputNumber, Pagination, Row, Select, Tabs, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { type HoursEntry, type Person, type Team, type TeamDetail, type Volunteer, chinaToday } from '@linli/contracts';
import { api, type Paged } from '../../lib/api.ts';
import { useRequest } from '../../lib/use-request.ts';
import { feedback, showError } from '../../lib/feedback.ts';
import { ErrorState, PageHeader, PageLoading } from '../../components/states.tsx';
import { ItemList, ItemRow } from '../../components/item-list.tsx';
import { CommunitySelect, type CommunityOption, hours, isFuture, useMyCommunities } from './shared.tsx';
import { EntryList, Rankings } from './volunteering-page.tsx';
import './participation.css';

export default function DeskPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'record';
  const mine = useMyCommunities();
  const [communityId, setCommunityId] = useState<string | undefined>();
  useEffect(() => {
    if (!communityId && mine.items[0]) setCommunityId(mine.items[0].id);
  }, [mine.items, communityId]);
  if (mine.loading && !mine.items.length) return <PageLoading />;
  const items = [
    { key: 'record', label: t('participation.desk.tabs.record'), children: <RecordTab communities={mine.items} communityId={communityId} /> },
    { key: 'teams', label: t('participation.desk.tabs.teams'), children: tab === 'teams' && communityId ? <TeamsTab communities={mine.items} communityId={communityId} /> : null },
    { key: 'volunteers', label: t('participation.desk.tabs.volunteers'), children: tab === 'volunteers' && communityId ? <VolunteersTab communityId={communityId} /> : null },
    { key: 'ledger', label: t('participation.desk.tabs.ledger'), children: tab === 'ledger' && communityId ? <LedgerTab communityId={communityId} /> : null },
    { key: 'rankings', label: t('participation.desk.tabs.rankings'), children: tab === 'rankings' ? <Rankings defaultCommunityId={communityId} /> : null },
  ];
  return (
    <div className="page participation-page" data-testid="volunteer-desk">
      <PageHeader
        title={t('participation.desk.title')}
        sub={t('participation.desk.intro')}
        extra={mine.items.length > 1 ? <div style={{ minWidth: 220 }}><CommunitySelect options={mine.items} value={communityId} onChange={setCommunityId} testId="desk-community" /></div> : null}
      />
      <Tabs activeKey={tab} onChange={(k) => setParams({ tab: k }, { replace: true })} items={items} />
    </div>
  );
}

/** Search volunteers by name as one types. */
function VolunteerPicker({ value, onChange, communityId }: { value?: string; onChange?: (v: string) => void; communityId?: string }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const list = useRequest((signal) => api.get<Paged<Volunteer>>('/api/volunteering/volunteers', { q: q || undefined, pageSize: 30 }, signal), [q, communityId]);
  return (
    <Select
      showSearch
      value={value}
      onChange={onChange}
      filterOption={false}
      onSearch={setQ}
      placeholder={t('participation.desk.whoHint')}
      loading={list.loading}
      options={(list.data?.items ?? []).map((v) => ({ value: v.id, label: `${v.name}${v.communityName ? `（${v.communityName}）` : ''}` }))}
      data-testid="hours-volunteer"
    />
  );
}

function RecordTab({ communities, communityId }: { communities: CommunityOption[]; communityId?: string }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [recent, setRecent] = useState<HoursEntry[]>([]);
  const today = chinaToday();
  useEffect(() => {
    if (communityId && !form.getFieldValue('areaId')) form.setFieldValue('areaId', communityId);
  }, [communityId, form]);
  const submit = async (v: { volunteerId: string; source: string; sourceId: string; minutes: number; servedOn: Dayjs; description: string; areaId: string }) => {
    setBusy(true);
    try {
      const entry = await api.post<HoursEntry & { createdAt: string }>('/api/volunteering/hours', { ...v, servedOn: v.servedOn.format('YYYY-MM-DD') });
      const repeated = recent.some((e) => e.id === entry.id);
      feedback.success(t(repeated ? 'participation.desk.repeated' : 'participation.desk.recorded'));
      setRecent((r) => [entry, ...r.filter((e) => e.id !== entry.id)]);
      form.setFieldsValue({ sourceId: undefined, description: undefined });
    } catch (err) {
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Flex vertical gap={16}>
      <Card size="small" title={t('participation.desk.tabs.record')}>
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ source: 'activity', minutes: 120, servedOn: dayjs(today), areaId: communityId }}>
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item name="volunteerId" label={t('participation.desk.who')} rules={[{ required: true }]}>
                <VolunteerPicker communityId={communityId} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="areaId" label={t('participation.common.community')} rules={[{ required: true }]}>
                <CommunitySelect options={communities} testId="hours-community" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="source" label={t('participation.desk.source')} rules={[{ required: true }]}>
                <Select data-testid="hours-source" options={(['activity', 'wish', 'skill_help', 'pairing'] as const).map((s) => ({ value: s, label: t(`participation.source.${s}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="sourceId" label={t('participation.desk.sourceId')} tooltip={t('participation.desk.sourceIdHint')} rules={[{ required: true, max: 80 }]}>
                <Input data-testid="hours-source-id" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="minutes" label={t('participation.volunteering.claimMinutes')} rules={[{ required: true }]}>
                <InputNumber min={1} max={1440} precision={0} step={30} style={{ width: '100%' }} data-testid="hours-minutes" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="servedOn" label={t('participation.volunteering.claimDate')} rules={[{ required: true }]}>
                <DatePicker style={{ width: '100%' }} disabledDate={(d) => isFuture(d, today)} allowClear={false} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="description" label={t('participation.volunteering.claimWhat')} rules={[{ required: true, max: 200 }]}>
            <Input data-testid="hours-description" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="hours-submit">
            {t('participation.common.submit')}
          </Button>
        </Form>
      </Card>
      {recent.length ? <EntryList entries={recent} testId="recorded-entries" /> : null}
      <RegisterVolunteer />
    </Flex>
  );
}

function RegisterVolunteer() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [personId, setPersonId] = useState<string>();
  const people = useRequest((signal) => api.get<Paged<Person>>('/api/persons', { q: q || undefined, pageSize: 20, status: 'active' }, signal), [q]);
  const register = async () => {
    if (!personId) return;
    try {
      await api.post('/api/volunteering/volunteers', { personId });
      feedback.success(t('participation.common.saved'));
      setPersonId(undefined);
    } catch (err) {
      showError(err);
    }
  };
  return (
    <Card size="small" title={t('participation.desk.registerVolunteer')}>
      <Flex gap={8} wrap>
        <Select
          showSearch
          filterOption={false}
          onSearch={setQ}
          value={personId}
          onChange={setPersonId}
          placeholder={t('participation.desk.person')}
          style={{ flex: '1 1 220px' }}
          options={(people.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name}（${p.address ?? p.communityName ?? ''}）` }))}
        />
        <Button type="primary" onClick={() => void register()} disabled={!personId}>
          {t('participation.common.confirm')}
        </Button>
      </Flex>
    </Card>
  );
}

function TeamsTab({ communities, communityId }: { communities: CommunityOption[]; communityId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm();
  const list = useRequest((signal) => api.get<{ items: Team[] }>('/api/volunteering/teams', { areaId: communityId }, signal), [communityId]);
  const create = async (v: { name: string; areaId: string; description?: string }) => {
    try {
      const team = await api.post<TeamDetail>('/api/volunteering/teams', { ...v, description: v.description ?? '' });
      setCreating(false);
      form.resetFields();
      list.reload();
      setOpen(team.id);
    } catch (err) {
      showError(err, form);
    }
  };
  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} />;
  return (
    <Flex vertical gap={12}>
      <Flex justify="end">
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating((x) => !x)} data-testid="new-team">
          {t('participation.desk.newTeam')}
        </Button>
      </Flex>
      {creating ? (
        <Card size="small">
          <Form form={form} layout="vertical" onFinish={(v) => void create(v)} initialValues={{ areaId: communityId }}>
            <Form.Item name="name" label={t('participation.desk.teamName')} rules={[{ required: true, min: 2, max: 64 }]}>
              <Input />
            </Form.Item>
            <Form.Item name="areaId" label={t('participation.desk.teamArea')} rules={[{ required: true }]}>
              <CommunitySelect options={communities} />
            </Form.Item>
            <Form.Item name="description" label={t('participation.desk.description')}>
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              {t('participation.common.save')}
            </Button>
          </Form>
        </Card>
      ) : null}
      {!list.data ? (
        <PageLoading />
      ) : list.data.items.length ? (
        <ItemList testId="desk-teams">
          {list.data.items.map((x) => (
            <ItemRow
              key={x.id}
              onClick={() => setOpen(x.id)}
              title={x.name}
              description={
                <span className="part-meta">
                  <span>{x.communityName}</span>
                  <span>{t('participation.volunteering.members', { count: x.memberCount })}</span>
                  {x.leaders.length ? <span>{t('participation.volunteering.leader')}：{x.leaders.map((l) => l.name).join('、')}</span> : null}
                </span>
              }
              extra={<strong>{hours(x.approvedMinutes)}</strong>}
            />
          ))}
        </ItemList>
      ) : (
        <Empty description={t('participation.common.noData')} />
      )}
      {open ? <TeamDrawer id={open} onClose={() => setOpen(null)} onChanged={list.reload} /> : null}
    </Flex>
  );
}

function TeamDrawer({ id, onClose, onChanged }: { id: string; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const team = useRequest((signal) => api.get<TeamDetail>(`/api/volunteering/teams/${id}`, undefined, signal), [id]);
  const [adding, setAdding] = useState<string>();
  const setRole = async (volunteerId: string, role: 'leader' | 'member') => {
    try {
      team.setData(await api.put<TeamDetail>(`/api/volunteering/teams/${id}/members/${volunteerId}`, { role }));
      onChanged();
    } catch (err) {
      showError(err);
    }
  };
  return (
    <Drawer open onClose={onClose} title={team.data?.name} width={Math.min(520, window.innerWidth)} data-testid="team-drawer">
      {team.error ? (
        <ErrorState error={team.error} onRetry={team.reload} />
      ) : !team.data ? (
        <PageLoading />
      ) : (
        <Flex vertical gap={12}>
          <div className="muted">{team.data.description}</div>
          <Flex gap={8}>
            <div style={{ flex: 1 }}>
              <VolunteerPicker value={adding} onChange={setAdding} />
            </div>
            <Button disabled={!adding} onClick={() => adding && void setRole(adding, 'member').then(() => setAdding(undefined))}>
              {t('participation.party.addMember')}
            </Button>
          </Flex>
          <ItemList>
            {team.data.members.map((m) => (
              <ItemRow
                key={m.volunteerId}
                title={
                  <Flex gap={6} align="center">
                    <span>{m.name}</span>
                    {m.role === 'leader' ? <Tag color="gold">{t('participation.volunteering.leader')}</Tag> : null}
                  </Flex>
                }
                description={hours(m.approvedMinutes)}
                extra={
                  <Button size="small" onClick={() => void setRole(m.volunteerId, m.role === 'leader' ? 'member' : 'leader')}>
                    {t(m.role === 'leader' ? 'participation.desk.makeMember' : 'participation.desk.makeLeader')}
                  </Button>
                }
              />
            ))}
          </ItemList>
        </Flex>
      )}
    </Drawer>
  );
}

function VolunteersTab({ communityId }: { communityId: string }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const list = useRequest((signal) => api.get<Paged<Volunteer>>('/api/volunteering/volunteers', { areaId: communityId, q: q || undefined, page, pageSize: 20 }, signal), [communityId, page, q]);
  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} />;
  return (
    <Flex vertical gap={12}>
      <Input.Search allowClear onSearch={(v) => { setPage(1); setQ(v); }} placeholder={t('participation.desk.whoHint')} style={{ maxWidth: 320 }} />
      {!list.data ? (
        <PageLoading />
      ) : (
        <>
          <ItemList testId="desk-volunteers">
            {list.data.items.map((v) => (
              <ItemRow
                key={v.id}
                title={v.name}
                description={
                  <span className="part-meta">
                    {v.teams.map((x) => (
                      <Tag key={x.id}>{x.name}</Tag>
                    ))}
                    {v.skills.map((s) => (
                      <span key={s}>{t(`participation.skill.${s}`, { defaultValue: s })}</span>
                    ))}
                  </span>
                }
                extra={<strong>{hours(v.approvedMinutes)}</strong>}
              />
            ))}
          </ItemList>
          <Pagination simple current={page} pageSize={20} total={list.data.total} onChange={setPage} />
        </>
      )}
    </Flex>
  );
}

function LedgerTab({ communityId }: { communityId: string }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<string | undefined>();
  const [source, setSource] = useState<string | undefined>();
  const list = useRequest((signal) => api.get<Paged<HoursEntry>>('/api/volunteering/hours', { areaId: communityId, status, source, page, pageSize: 20 }, signal), [communityId, status, source, page]);
  return (
    <Flex vertical gap={12}>
      <Flex gap={8} wrap>
        <Select allowClear placeholder={t('participation.common.status')} value={status} onChange={(v) => { setPage(1); setStatus(v); }} style={{ minWidth: 140 }} options={(['approved', 'pending', 'rejected'] as const).map((s) => ({ value: s, label: t(`participation.hoursStatus.${s}`) }))} />
        <Select allowClear placeholder={t('participation.desk.source')} value={source} onChange={(v) => { setPage(1); setSource(v); }} style={{ minWidth: 140 }} options={(['activity', 'wish', 'skill_help', 'pairing', 'service_item', 'manual'] as const).map((s) => ({ value: s, label: t(`participation.source.${s}`) }))} />
      </Flex>
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : !list.data ? <PageLoading /> : list.data.items.length ? <EntryList entries={list.data.items} testId="desk-ledger" /> : <Empty description={t('participation.common.noData')} />}
      {list.data ? <Pagination simple current={page} pageSize={20} total={list.data.total} onChange={setPage} /> : null}
    </Flex>
  );
}
