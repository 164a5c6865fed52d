// 在职党员报到: a working party member reports to the community where they live, takes items from
// its service list and sees their participation; the community's party organisation accepts
// reports, publishes the list, confirms work done (into the hours ledger), sees each member's
// participation, and keeps compound party branches with their activities.
import { useEffect, useState } from 'react';
import { Button, Card, Col, DatePicker, Drawer, Empty, Flex, Form, Input, InputNumber, Modal, Row, Segmented, Select, Statistic, Tabs, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { type AreaDetail, type Participation, type PartyBranch, type PartyBranchDetail, type PartyMember, type PartyServiceItem, chinaToday } from '@linli/contracts';
import { api, type Paged } from '../../lib/api.ts';
import { useRequest } from '../../lib/use-request.ts';
import { hasRole, useMe } from '../../lib/session.tsx';
import { feedback, showError } from '../../lib/feedback.ts';
import { formatDate } from '../../lib/format.ts';
import { ErrorState, PageHeader, PageLoading } from '../../components/states.tsx';
import { ItemList, ItemRow } from '../../components/item-list.tsx';
import { CommunitySelect, type CommunityOption, hours, isFuture, useCommunities, useMyCommunities } from './shared.tsx';
import { EntryList } from './volunteering-page.tsx';
import './participation.css';

const ORGANISATION = ['community_staff', 'street_official', 'district_official', 'district_admin'] as const;

export default function PartyPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const organisation = hasRole(me, ...ORGANISATION);
  const tab = params.get('tab') ?? (organisation ? 'members' : 'me');
  const mine = useMyCommunities(organisation);
  const [communityId, setCommunityId] = useState<string | undefined>();
  useEffect(() => {
    if (organisation && !communityId && mine.items[0]) setCommunityId(mine.items[0].id);
  }, [organisation, mine.items, communityId]);
  const items = [
    ...(organisation ? [] : [{ key: 'me', label: t('participation.party.tabs.me'), children: tab === 'me' ? <MyReport /> : null }]),
    { key: 'items', label: t('participation.party.tabs.items'), children: tab === 'items' ? <ServiceList organisation={organisation} communityId={communityId} communities={mine.items} /> : null },
    ...(organisation
      ? [
          { key: 'members', label: t('participation.party.tabs.members'), children: tab === 'members' && communityId ? <Members communityId={communityId} /> : null },
          { key: 'branches', label: t('participation.party.tabs.branches'), children: tab === 'branches' && communityId ? <Branches communityId={communityId} /> : null },
        ]
      : []),
  ];
  return (
    <div className="page participation-page" data-testid="party-page">
      <PageHeader
        title={t('participation.party.title')}
        sub={t('participation.party.intro')}
        extra={organisation && mine.items.length > 1 ? <div style={{ minWidth: 220 }}><CommunitySelect options={mine.items} value={communityId} onChange={setCommunityId} /></div> : null}
      />
      <Tabs activeKey={tab} onChange={(k) => setParams({ tab: k }, { replace: true })} items={items} />
    </div>
  );
}

function MyReport() {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const mine = useRequest((signal) => api.get<{ member: PartyMember | null; participation: Participation | null }>('/api/party/me', undefined, signal), []);
  const communities = useCommunities();
  const report = async (v: { workUnit: string; homeOrg: string; communityId?: string }) => {
    try {
      await api.post('/api/party/report', v);
      feedback.success(t('participation.party.reported'));
      mine.reload();
    } catch (err) {
      showError(err, form);
    }
  };
  const withdraw = async () => {
    try {
      await api.post('/api/party/me/withdraw');
      mine.reload();
    } catch (err) {
      showError(err);
    }
  };
  if (mine.error) return <ErrorState error={mine.error} onRetry={mine.reload} />;
  if (!mine.data) return <PageLoading />;
  const m = mine.data.member;
  const current = m && (m.status === 'pending' || m.status === 'active');
  return (
    <Flex vertical gap={16}>
      {current ? (
        <Card size="small" data-testid="my-report">
          <Flex justify="space-between" wrap gap={8} align="center">
            <div>
              <Typography.Title level={5} style={{ margin: 0 }}>
                {m.communityName} <Tag color={m.status === 'active' ? 'red' : 'gold'}>{t(`participation.party.status.${m.status}`)}</Tag>
              </Typography.Title>
              <div className="muted">
                {m.workUnit} · {m.homeOrg}
                {m.branchName ? ` · ${m.branchName}` : ''}
              </div>
            </div>
            <Button onClick={() => void withdraw()}>{t('participation.party.withdraw')}</Button>
          </Flex>
        </Card>
      ) : (
        <Card size="small" title={t('participation.party.reportTitle')}>
          <Form form={form} layout="vertical" onFinish={(v) => void report(v)}>
            <Form.Item name="workUnit" label={t('participation.party.workUnit')} rules={[{ required: true, max: 100 }]}>
              <Input data-testid="party-work-unit" />
            </Form.Item>
            <Form.Item name="homeOrg" label={t('participation.party.homeOrg')} rules={[{ required: true, max: 100 }]}>
              <Input data-testid="party-home-org" />
            </Form.Item>
            <Form.Item name="communityId" label={t('participation.party.community')} tooltip={t('participation.party.communityHint')}>
              <CommunitySelect options={communities.data?.items ?? []} allowClear testId="party-community" />
            </Form.Item>
            <Button type="primary" htmlType="submit" data-testid="party-report">
              {t('participation.party.report')}
            </Button>
          </Form>
        </Card>
      )}
      {mine.data.participation ? <ParticipationView p={mine.data.participation} /> : null}
    </Flex>
  );
}

function ParticipationView({ p }: { p: Participation }) {
  const { t } = useTranslation();
  const count = (s: string) => p.bySource[s]?.count ?? 0;
  return (
    <Flex vertical gap={12} data-testid="participation">
      <Row gutter={[12, 12]}>
        <Col xs={12} md={8}>
          <Card size="small">
            <Statistic title={t('participation.party.totalHours')} value={hours(p.totalMinutes)} />
          </Card>
        </Col>
        <Col xs={12} md={4}>
          <Card size="small">
            <Statistic title={t('participation.party.activities')} value={count('activity')} />
          </Card>
        </Col>
        <Col xs={8} md={4}>
          <Card size="small">
            <Statistic title={t('participation.party.wishes')} value={count('wish')} />
          </Card>
        </Col>
        <Col xs={8} md={4}>
          <Card size="small">
            <Statistic title={t('participation.party.pairings')} value={count('pairing')} />
          </Card>
        </Col>
        <Col xs={8} md={4}>
          <Card size="small">
            <Statistic title={t('participation.party.branchActivities')} value={p.branchActivities} />
          </Card>
        </Col>
      </Row>
      {p.claims.length ? (
        <Card size="small" title={t('participation.party.serviceItems')}>
          <ItemList>
            {p.claims.map((c) => (
              <ItemRow key={c.itemId} title={c.title} description={formatDate(c.claimedAt)} extra={<Tag color={c.status === 'done' ? 'green' : 'blue'}>{t(c.status === 'done' ? 'participation.party.done' : 'participation.party.claimed')}{c.minutes ? ` · ${hours(c.minutes)}` : ''}</Tag>} />
            ))}
          </ItemList>
        </Card>
      ) : null}
      {p.recent.length ? <EntryList entries={p.recent} /> : null}
    </Flex>
  );
}

function ServiceList({ organisation, communityId, communities }: { organisation: boolean; communityId?: string; communities: CommunityOption[] }) {
  const { t } = useTranslation();
  const [creating, setCreating] = useState(false);
  const [completing, setCompleting] = useState<{ item: PartyServiceItem; memberId: string; name: string } | null>(null);
  const [form] = Form.useForm();
  const list = useRequest((signal) => api.get<{ items: PartyServiceItem[] }>('/api/party/service-items', { communityId: organisation ? communityId : undefined }, signal), [communityId, organisation]);
  const act = async (item: PartyServiceItem, action: 'claim' | 'unclaim' | 'close') => {
    try {
      await api.post(`/api/party/service-items/${item.id}/${action}`);
      list.reload();
    } catch (err) {
      showError(err);
    }
  };
  const create = async (v: { title: string; description?: string; category: string; slots: number; communityId: string }) => {
    try {
      await api.post('/api/party/service-items', { ...v, description: v.description ?? '' });
      setCreating(false);
      form.resetFields();
      list.reload();
    } catch (err) {
      showError(err, form);
    }
  };
  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} />;
  return (
    <Flex vertical gap={12}>
      {organisation ? (
        <Flex justify="end">
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating((x) => !x)}>
            {t('participation.party.newItem')}
          </Button>
        </Flex>
      ) : null}
      {creating ? (
        <Card size="small">
          <Form form={form} layout="vertical" onFinish={(v) => void create(v)} initialValues={{ category: 'elder_visit', slots: 3, communityId }}>
            <Form.Item name="communityId" label={t('participation.common.community')} rules={[{ required: true }]}>
              <CommunitySelect options={communities} />
            </Form.Item>
            <Form.Item name="title" label={t('participation.party.itemTitle')} rules={[{ required: true, min: 2, max: 80 }]}>
              <Input />
            </Form.Item>
            <Row gutter={12}>
              <Col xs={12}>
                <Form.Item name="category" label={t('participation.party.category')}>
                  <Select options={(['elder_visit', 'wish', 'patrol', 'tutoring', 'environment', 'mediation', 'publicity', 'other'] as const).map((c) => ({ value: c, label: t(`participation.itemCategory.${c}`) }))} />
                </Form.Item>
              </Col>
              <Col xs={12}>
                <Form.Item name="slots" label={t('participation.party.slotsLabel')}>
                  <InputNumber min={1} max={500} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
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
        <ItemList testId="service-items">
          {list.data.items.map((i) => (
            <ItemRow
              key={i.id}
              testId="service-item"
              title={
                <Flex gap={6} wrap align="center">
                  <Tag color="red">{t(`participation.itemCategory.${i.category}`)}</Tag>
                  <span>{i.title}</span>
                  {i.status === 'closed' ? <Tag>{t('participation.party.closed')}</Tag> : null}
                </Flex>
              }
              description={
                <Flex vertical gap={4}>
                  <span>{i.description}</span>
                  <span className="part-meta">
                    <span>{i.communityName}</span>
                    <span>{t('participation.party.slots', { taken: i.taken, slots: i.slots })}</span>
                  </span>
                  {i.claims?.length ? (
                    <Flex gap={6} wrap>
                      {i.claims.filter((c) => c.status !== 'withdrawn').map((c) =>
                        c.status === 'claimed' ? (
                          <Button key={c.memberId} size="small" onClick={() => setCompleting({ item: i, memberId: c.memberId, name: c.name })}>
                            {c.name} · {t('participation.party.complete')}
                          </Button>
                        ) : (
                          <Tag key={c.memberId} color="green">
                            {c.name} · {hours(c.minutes)}
                          </Tag>
                        ),
                      )}
                    </Flex>
                  ) : null}
                </Flex>
              }
              extra={
                organisation ? (
                  i.status === 'open' ? (
                    <Button size="small" onClick={() => void act(i, 'close')}>
                      {t('participation.party.close')}
                    </Button>
                  ) : null
                ) : i.myClaim === 'claimed' ? (
                  <Button size="small" onClick={() => void act(i, 'unclaim')}>
                    {t('participation.party.unclaim')}
                  </Button>
                ) : i.myClaim === 'done' ? (
                  <Tag color="green">{t('participation.party.done')}</Tag>
                ) : i.status === 'open' && i.taken < i.slots ? (
                  <Button size="small" type="primary" onClick={() => void act(i, 'claim')} data-testid="claim-item">
                    {t('participation.party.claim')}
                  </Button>
                ) : null
              }
            />
          ))}
        </ItemList>
      ) : (
        <Empty description={organisation ? t('participation.common.noData') : t('participation.party.notReported')} />
      )}
      {completing ? <CompleteModal {...completing} onClose={() => setCompleting(null)} onDone={list.reload} /> : null}
    </Flex>
  );
}

function CompleteModal({ item, memberId, name, onClose, onDone }: { item: PartyServiceItem; memberId: string; name: string; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const today = chinaToday();
  const submit = async () => {
    const v = (await form.validateFields()) as { minutes: number; servedOn: Dayjs };
    try {
      await api.post(`/api/party/service-items/${item.id}/claims/${memberId}/complete`, { minutes: v.minutes, servedOn: v.servedOn.format('YYYY-MM-DD') });
      onDone();
      onClose();
    } catch (err) {
      showError(err, form);
    }
  };
  return (
    <Modal open title={`${t('participation.party.completeTitle')} · ${name}`} onCancel={onClose} onOk={() => void submit()}>
      <Form form={form} layout="vertical" initialValues={{ minutes: 60, servedOn: dayjs(today) }}>
        <Form.Item name="minutes" label={t('participation.volunteering.claimMinutes')} rules={[{ required: true }]}>
          <InputNumber min={1} max={1440} precision={0} step={30} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="servedOn" label={t('participation.volunteering.claimDate')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => isFuture(d, today)} allowClear={false} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Members({ communityId }: { communityId: string }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<'pending' | 'active'>('pending');
  const [open, setOpen] = useState<string | null>(null);
  const list = useRequest((signal) => api.get<Paged<PartyMember>>('/api/party/members', { areaId: communityId, status, pageSize: 100 }, signal), [communityId, status]);
  const decide = async (m: PartyMember, decision: 'accept' | 'reject') => {
    try {
      await api.post(`/api/party/members/${m.id}/decision`, { decision });
      list.reload();
    } catch (err) {
      showError(err);
    }
  };
  return (
    <Flex vertical gap={12}>
      <Segmented value={status} onChange={(v) => setStatus(v as 'pending' | 'active')} options={(['pending', 'active'] as const).map((s) => ({ value: s, label: t(`participation.party.status.${s}`) }))} />
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <PageLoading />
      ) : list.data.items.length ? (
        <ItemList testId="party-members">
          {list.data.items.map((m) => (
            <ItemRow
              key={m.id}
              testId="party-member"
              onClick={m.status === 'active' ? () => setOpen(m.id) : undefined}
              title={
                <Flex gap={6} align="center" wrap>
                  <span>{m.name}</span>
                  <Tag>{t(`participation.party.kind.${m.kind}`)}</Tag>
                </Flex>
              }
              description={`${m.workUnit || '—'} · ${m.homeOrg || '—'}${m.branchName ? ` · ${m.branchName}` : ''}`}
              extra={
                m.status === 'pending' ? (
                  <Flex gap={6}>
                    <Button size="small" type="primary" onClick={(e) => { e.stopPropagation(); void decide(m, 'accept'); }} data-testid="accept-report">
                      {t('participation.party.accept')}
                    </Button>
                    <Button size="small" onClick={(e) => { e.stopPropagation(); void decide(m, 'reject'); }}>
                      {t('participation.party.rejectReport')}
                    </Button>
                  </Flex>
                ) : null
              }
            />
          ))}
        </ItemList>
      ) : (
        <Empty description={t('participation.common.noData')} />
      )}
      {open ? <MemberDrawer id={open} onClose={() => setOpen(null)} /> : null}
    </Flex>
  );
}

function MemberDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const p = useRequest((signal) => api.get<Participation>(`/api/party/members/${id}/participation`, undefined, signal), [id]);
  return (
    <Drawer open onClose={onClose} title={p.data ? `${p.data.member.name} · ${t('participation.party.participation')}` : ''} width={Math.min(600, window.innerWidth)}>
      {p.error ? <ErrorState error={p.error} onRetry={p.reload} /> : !p.data ? <PageLoading /> : <ParticipationView p={p.data} />}
    </Drawer>
  );
}

function Branches({ communityId }: { communityId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm();
  const list = useRequest((signal) => api.get<{ items: PartyBranch[] }>('/api/party/branches', { areaId: communityId }, signal), [communityId]);
  const community = useRequest((signal) => api.get<AreaDetail>(`/api/areas/${communityId}`, undefined, signal), [communityId], creating);
  const create = async (v: { compoundId: string; name: string }) => {
    try {
      const b = await api.post<PartyBranchDetail>('/api/party/branches', v);
      setCreating(false);
      form.resetFields();
      list.reload();
      setOpen(b.id);
    } catch (err) {
      showError(err, form);
    }
  };
  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} />;
  return (
    <Flex vertical gap={12}>
      <Flex justify="end">
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating((x) => !x)}>
          {t('participation.party.newBranch')}
        </Button>
      </Flex>
      {creating ? (
        <Card size="small">
          <Form form={form} layout="vertical" onFinish={(v) => void create(v)}>
            <Form.Item name="compoundId" label={t('participation.party.compound')} rules={[{ required: true }]}>
              <Select
                showSearch
                optionFilterProp="label"
                loading={community.loading}
                options={(community.data?.children ?? []).filter((c) => c.level === 'compound').map((c) => ({ value: c.id, label: c.name }))}
                onChange={(id: string) => {
                  const c = community.data?.children.find((x) => x.id === id);
                  if (c && !form.getFieldValue('name')) form.setFieldValue('name', `${c.name}党支部`);
                }}
              />
            </Form.Item>
            <Form.Item name="name" label={t('participation.party.branchName')} rules={[{ required: true, min: 2, max: 64 }]}>
              <Input />
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
        <ItemList testId="branches">
          {list.data.items.map((b) => (
            <ItemRow
              key={b.id}
              onClick={() => setOpen(b.id)}
              title={b.name}
              description={
                <span className="part-meta">
                  <span>{b.compoundName}</span>
                  {b.secretaryName ? <span>{t('participation.party.secretary')}：{b.secretaryName}</span> : null}
                  <span>{t('participation.party.memberCount', { count: b.memberCount })}</span>
                  <span>{t('participation.party.activityCount', { count: b.activityCount })}</span>
                </span>
              }
            />
          ))}
        </ItemList>
      ) : (
        <Empty description={t('participation.common.noData')} />
      )}
      {open ? <BranchDrawer id={open} communityId={communityId} onClose={() => setOpen(null)} onChanged={list.reload} /> : null}
    </Flex>
  );
}

function BranchDrawer({ id, communityId, onClose, onChanged }: { id: string; communityId: string; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const branch = useRequest((signal) => api.get<PartyBranchDetail>(`/api/party/branches/${id}`, undefined, signal), [id]);
  const members = useRequest((signal) => api.get<Paged<PartyMember>>('/api/party/members', { areaId: communityId, status: 'active', pageSize: 200 }, signal), [communityId]);
  const [memberId, setMemberId] = useState<string>();
  const [form] = Form.useForm();
  const today = chinaToday();
  const addMember = async () => {
    if (!memberId) return;
    try {
      branch.setData(await api.post<PartyBranchDetail>(`/api/party/branches/${id}/members`, { memberId, secretary: false }));
      setMemberId(undefined);
      onChanged();
    } catch (err) {
      showError(err);
    }
  };
  const addActivity = async (v: { title: string; heldOn: Dayjs; place?: string; attendeeIds?: string[] }) => {
    try {
      branch.setData(await api.post<PartyBranchDetail>(`/api/party/branches/${id}/activities`, { title: v.title, heldOn: v.heldOn.format('YYYY-MM-DD'), place: v.place ?? '', attendeeIds: v.attendeeIds ?? [] }));
      form.resetFields();
      onChanged();
    } catch (err) {
      showError(err, form);
    }
  };
  const b = branch.data;
  return (
    <Drawer open onClose={onClose} title={b?.name} width={Math.min(600, window.innerWidth)}>
      {branch.error ? (
        <ErrorState error={branch.error} onRetry={branch.reload} />
      ) : !b ? (
        <PageLoading />
      ) : (
        <Flex vertical gap={16}>
          <Card size="small" title={t('participation.party.memberCount', { count: b.memberCount })}>
            <Flex gap={6} wrap style={{ marginBottom: 8 }}>
              {b.members.map((m) => (
                <Tag key={m.id} color={m.id === b.secretaryId ? 'red' : undefined}>
                  {m.name}
                  {m.id === b.secretaryId ? ` · ${t('participation.party.secretary')}` : ''}
                </Tag>
              ))}
            </Flex>
            <Flex gap={8}>
              <Select showSearch optionFilterProp="label" value={memberId} onChange={setMemberId} style={{ flex: 1 }} options={(members.data?.items ?? []).filter((m) => m.branchId !== id).map((m) => ({ value: m.id, label: m.name }))} />
              <Button onClick={() => void addMember()} disabled={!memberId}>
                {t('participation.party.addMember')}
              </Button>
            </Flex>
          </Card>
          <Card size="small" title={t('participation.party.addActivity')}>
            <Form form={form} layout="vertical" onFinish={(v) => void addActivity(v)} initialValues={{ heldOn: dayjs(today) }}>
              <Form.Item name="title" label={t('participation.party.activityTitle')} rules={[{ required: true, min: 2, max: 80 }]}>
                <Input />
              </Form.Item>
              <Row gutter={12}>
                <Col xs={12}>
                  <Form.Item name="heldOn" label={t('participation.common.date')} rules={[{ required: true }]}>
                    <DatePicker style={{ width: '100%' }} disabledDate={(d) => isFuture(d, today)} allowClear={false} />
                  </Form.Item>
                </Col>
                <Col xs={12}>
                  <Form.Item name="place" label={t('participation.party.place')}>
                    <Input maxLength={100} />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name="attendeeIds" label={t('participation.party.attendees')}>
                <Select mode="multiple" optionFilterProp="label" options={b.members.map((m) => ({ value: m.id, label: m.name }))} />
              </Form.Item>
              <Button type="primary" htmlType="submit">
                {t('participation.common.save')}
              </Button>
            </Form>
          </Card>
          {b.activities.length ? (
            <ItemList>
              {b.activities.map((a) => (
                <ItemRow key={a.id} title={a.title} description={`${formatDate(a.heldOn)}${a.place ? ` · ${a.place}` : ''}`} extra={t('participation.party.memberCount', { count: a.attendees })} />
              ))}
            </ItemList>
          ) : null}
        </Flex>
      )}
    </Drawer>
  );
}
