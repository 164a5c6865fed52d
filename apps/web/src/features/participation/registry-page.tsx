// The registry: community social organisations (registered with the district or filed with the
// street), certified social workers and their levels, and service projects with their outputs.
import { useState } from 'react';
import { Button, Card, Col, DatePicker, Empty, Flex, Form, Input, InputNumber, Pagination, Row, Select, Statistic, Tabs, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import type { Project, SocialOrg, SocialWorker } from '@linli/contracts';
import { api, type Paged } from '../../lib/api.ts';
import { useRequest } from '../../lib/use-request.ts';
import { hasRole, useMe } from '../../lib/session.tsx';
import { showError } from '../../lib/feedback.ts';
import { ErrorState, PageHeader, PageLoading } from '../../components/states.tsx';
import { ItemList, ItemRow } from '../../components/item-list.tsx';
import { CommunitySelect, hours, toFen, useCommunities, yuan } from './shared.tsx';
import './participation.css';

const CATEGORIES = ['social_service', 'charity', 'culture_sports', 'volunteer_service', 'mutual_aid', 'elderly', 'children', 'professional', 'other'] as const;
const GROUPS = ['elderly', 'children', 'youth', 'disabled', 'low_income', 'women', 'families', 'migrants', 'veterans', 'all_residents'] as const;

export default function RegistryPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'orgs';
  const staff = hasRole(me, 'community_staff', 'street_official', 'district_official', 'district_admin', 'provider_staff');
  const items = [
    { key: 'orgs', label: t('participation.registry.tabs.orgs'), children: tab === 'orgs' ? <Orgs /> : null },
    ...(staff ? [{ key: 'workers', label: t('participation.registry.tabs.workers'), children: tab === 'workers' ? <Workers /> : null }] : []),
    { key: 'projects', label: t('participation.registry.tabs.projects'), children: tab === 'projects' ? <Projects /> : null },
  ];
  return (
    <div className="page participation-page" data-testid="registry-page">
      <PageHeader title={t('participation.registry.title')} sub={t('participation.registry.intro')} />
      <Tabs activeKey={tab} onChange={(k) => setParams({ tab: k }, { replace: true })} items={items} />
    </div>
  );
}

function Orgs() {
  const { t } = useTranslation();
  const me = useMe();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [registration, setRegistration] = useState<string>();
  const [creating, setCreating] = useState(false);
  const list = useRequest((signal) => api.get<Paged<SocialOrg>>('/api/social-orgs', { q: q || undefined, registration, page, pageSize: 20 }, signal), [q, registration, page]);
  const canFile = hasRole(me, 'community_staff', 'street_official', 'district_official', 'district_admin');
  return (
    <Flex vertical gap={12}>
      <Flex gap={8} wrap justify="space-between">
        <Flex gap={8} wrap>
          <Input.Search allowClear placeholder={t('participation.registry.search')} onSearch={(v) => { setPage(1); setQ(v); }} style={{ width: 220 }} />
          <Select allowClear value={registration} onChange={(v) => { setPage(1); setRegistration(v); }} placeholder={t('participation.common.status')} style={{ width: 120 }} options={(['registered', 'filed'] as const).map((r) => ({ value: r, label: t(`participation.registry.registration.${r}`) }))} />
        </Flex>
        {canFile ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating((x) => !x)}>
            {t('participation.registry.newOrg')}
          </Button>
        ) : null}
      </Flex>
      {creating ? <OrgForm onDone={() => { setCreating(false); list.reload(); }} district={hasRole(me, 'district_official', 'district_admin')} /> : null}
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <PageLoading />
      ) : list.data.items.length ? (
        <>
          <ItemList testId="org-list">
            {list.data.items.map((o) => (
              <ItemRow
                key={o.id}
                title={
                  <Flex gap={6} wrap align="center">
                    <Tag color={o.registration === 'registered' ? 'blue' : 'cyan'}>{t(`participation.registry.registration.${o.registration}`)}</Tag>
                    <span>{o.name}</span>
                    {o.status === 'deregistered' ? <Tag>×</Tag> : null}
                  </Flex>
                }
                description={
                  <span className="part-meta">
                    <span>{t(`participation.registry.category.${o.category}`)}</span>
                    <span>{o.areaName}</span>
                    {o.creditCode ? <span className="mono">{o.creditCode}</span> : null}
                    {o.workerCount ? <span>{t('participation.registry.workers', { count: o.workerCount })}</span> : null}
                    {o.projectCount ? <span>{t('participation.registry.projects', { count: o.projectCount })}</span> : null}
                  </span>
                }
              />
            ))}
          </ItemList>
          <Pagination simple current={page} pageSize={20} total={list.data.total} onChange={setPage} />
        </>
      ) : (
        <Empty description={t('participation.common.noData')} />
      )}
    </Flex>
  );
}

function OrgForm({ onDone, district }: { onDone: () => void; district: boolean }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const communities = useCommunities();
  const registration = Form.useWatch('registration', form);
  const submit = async (v: { name: string; registration: string; creditCode?: string; category: string; areaId: string; contactName?: string; establishedOn?: Dayjs }) => {
    try {
      await api.post('/api/social-orgs', { ...v, contactName: v.contactName ?? '', establishedOn: v.establishedOn?.format('YYYY-MM-DD') });
      onDone();
    } catch (err) {
      showError(err, form);
    }
  };
  return (
    <Card size="small">
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ registration: district ? 'registered' : 'filed', category: 'culture_sports' }}>
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="name" label={t('participation.registry.name')} rules={[{ required: true, min: 2, max: 80 }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="registration" label={t('participation.common.status')}>
              <Select options={(district ? (['registered', 'filed'] as const) : (['filed'] as const)).map((r) => ({ value: r, label: t(`participation.registry.registration.${r}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="category" label={t('participation.party.category')}>
              <Select options={CATEGORIES.map((c) => ({ value: c, label: t(`participation.registry.category.${c}`) }))} />
            </Form.Item>
          </Col>
          {registration === 'registered' ? (
            <Col xs={24} md={12}>
              <Form.Item name="creditCode" label={t('participation.registry.creditCode')} rules={[{ required: true, len: 18 }]}>
                <Input className="mono" />
              </Form.Item>
            </Col>
          ) : null}
          <Col xs={24} md={12}>
            <Form.Item name="areaId" label={t('participation.registry.area')} rules={[{ required: true }]}>
              <CommunitySelect options={communities.data?.items ?? []} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="contactName" label={t('participation.registry.contact')}>
              <Input maxLength={32} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="establishedOn" label={t('participation.common.date')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit">
          {t('participation.common.save')}
        </Button>
      </Form>
    </Card>
  );
}

function Workers() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [level, setLevel] = useState<string>();
  const levels = useRequest((signal) => api.get<{ assistant: number; intermediate: number; senior: number }>('/api/social-workers/levels', undefined, signal), []);
  const list = useRequest((signal) => api.get<Paged<SocialWorker>>('/api/social-workers', { q: q || undefined, level, page, pageSize: 20 }, signal), [q, level, page]);
  return (
    <Flex vertical gap={12}>
      {levels.data ? (
        <Row gutter={[12, 12]}>
          {(['assistant', 'intermediate', 'senior'] as const).map((l) => (
            <Col xs={8} key={l}>
              <Card size="small">
                <Statistic title={t(`participation.registry.level.${l}`)} value={levels.data![l]} />
              </Card>
            </Col>
          ))}
        </Row>
      ) : null}
      <Flex gap={8} wrap>
        <Input.Search allowClear placeholder={t('participation.registry.search')} onSearch={(v) => { setPage(1); setQ(v); }} style={{ width: 220 }} />
        <Select allowClear value={level} onChange={(v) => { setPage(1); setLevel(v); }} placeholder={t('participation.registry.levelCounts')} style={{ width: 180 }} options={(['assistant', 'intermediate', 'senior'] as const).map((l) => ({ value: l, label: t(`participation.registry.level.${l}`) }))} />
      </Flex>
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <PageLoading />
      ) : (
        <>
          <ItemList testId="worker-list">
            {list.data.items.map((w) => (
              <ItemRow key={w.id} title={w.name} description={<span className="part-meta"><span>{w.organisationName}</span><span className="mono">{w.certificateNo}</span></span>} extra={<Tag color={w.level === 'senior' ? 'gold' : w.level === 'intermediate' ? 'blue' : undefined}>{t(`participation.registry.level.${w.level}`)}</Tag>} />
            ))}
          </ItemList>
          <Pagination simple current={page} pageSize={20} total={list.data.total} onChange={setPage} />
        </>
      )}
    </Flex>
  );
}

function Projects() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const list = useRequest((signal) => api.get<Paged<Project>>('/api/projects', { q: q || undefined, page, pageSize: 20 }, signal), [q, page]);
  const canCreate = hasRole(me, 'district_official', 'district_admin', 'street_official', 'provider_staff');
  return (
    <Flex vertical gap={12}>
      <Flex gap={8} wrap justify="space-between">
        <Input.Search allowClear placeholder={t('participation.registry.search')} onSearch={(v) => { setPage(1); setQ(v); }} style={{ width: 220 }} />
        {canCreate ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating((x) => !x)}>
            {t('participation.registry.newProject')}
          </Button>
        ) : null}
      </Flex>
      {creating ? <ProjectForm onDone={(id) => navigate(`/organisations/projects/${id}`)} /> : null}
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <PageLoading />
      ) : (
        <>
          <ItemList testId="project-list">
            {list.data.items.map((p) => (
              <ItemRow
                key={p.id}
                testId="project-row"
                onClick={() => navigate(`/organisations/projects/${p.id}`)}
                title={
                  <Flex gap={6} wrap align="center">
                    <Tag color={p.status === 'active' ? 'green' : undefined}>{t(`participation.registry.status.${p.status}`)}</Tag>
                    <span>{p.name}</span>
                  </Flex>
                }
                description={
                  <span className="part-meta">
                    <span>{p.organisationName}</span>
                    <span>{p.areaName}</span>
                    <span>
                      {p.startsOn} ~ {p.endsOn}
                    </span>
                    <span>{hours(p.actual.minutes)}</span>
                  </span>
                }
                extra={<strong className="money">{yuan(p.budgetFen)}</strong>}
              />
            ))}
          </ItemList>
          <Pagination simple current={page} pageSize={20} total={list.data.total} onChange={setPage} />
        </>
      )}
    </Flex>
  );
}

function ProjectForm({ onDone }: { onDone: (id: string) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const communities = useCommunities();
  const orgs = useRequest((signal) => api.get<Paged<SocialOrg>>('/api/social-orgs', { registration: 'registered', pageSize: 200 }, signal), []);
  const submit = async (v: { name: string; organisationId: string; funderName: string; budget: number; period: [Dayjs, Dayjs]; targetGroups: string[]; areaId: string; services: number; activities: number; personTimes: number; hours: number; description?: string }) => {
    try {
      const p = await api.post<Project>('/api/projects', {
        name: v.name,
        organisationId: v.organisationId,
        funderName: v.funderName,
        budgetFen: toFen(v.budget),
        startsOn: v.period[0].format('YYYY-MM-DD'),
        endsOn: v.period[1].format('YYYY-MM-DD'),
        targetGroups: v.targetGroups,
        areaId: v.areaId,
        planned: { services: v.services, activities: v.activities, personTimes: v.personTimes, minutes: v.hours * 60 },
        description: v.description ?? '',
      });
      onDone(p.id);
    } catch (err) {
      showError(err, form);
    }
  };
  return (
    <Card size="small">
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ services: 100, activities: 12, personTimes: 1000, hours: 500, targetGroups: ['elderly'] }}>
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="name" label={t('participation.registry.name')} rules={[{ required: true, min: 2, max: 80 }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="organisationId" label={t('participation.registry.organisation')} rules={[{ required: true }]}>
              <Select showSearch optionFilterProp="label" options={(orgs.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="funderName" label={t('participation.registry.funder')} rules={[{ required: true, min: 2, max: 80 }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="budget" label={t('participation.registry.budget')} rules={[{ required: true }]}>
              <InputNumber min={0} precision={2} style={{ width: '100%' }} prefix="¥" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="period" label={t('participation.registry.period')} rules={[{ required: true }]}>
              <DatePicker.RangePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="areaId" label={t('participation.registry.area')} rules={[{ required: true }]}>
              <CommunitySelect options={communities.data?.items ?? []} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="targetGroups" label={t('participation.registry.targetGroups')} rules={[{ required: true }]}>
          <Select mode="multiple" options={GROUPS.map((g) => ({ value: g, label: t(`participation.registry.group.${g}`) }))} />
        </Form.Item>
        <Row gutter={12}>
          {(['services', 'activities', 'personTimes', 'hours'] as const).map((k) => (
            <Col xs={12} md={6} key={k}>
              <Form.Item name={k} label={`${t('participation.registry.planned')} · ${t(`participation.registry.outputs.${k === 'hours' ? 'minutes' : k}`)}`}>
                <InputNumber min={0} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Form.Item name="description" label={t('participation.desk.description')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('participation.common.save')}
        </Button>
      </Form>
    </Card>
  );
}
