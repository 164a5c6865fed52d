// One community's mutual-aid fund: its figures, the monthly public report, donations (recorded by
// staff, matched by the charity), applications for help with the community's review and the
// committee's two approvals, the committee, and the double-entry books.
import { useState } from 'react';
import { Alert, Button, Card, Checkbox, Col, DatePicker, Descriptions, Drawer, Empty, Flex, Form, Input, InputNumber, Radio, Row, Select, Statistic, Tabs, Tag, Timeline, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useParams, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { type Application, type ApplicationStatus, type ApplicationSummary, type Donation, type Fund, type FundLedger, type FundReport, type Person, chinaToday } from '@linli/contracts';
import { api, type Paged } from '../../lib/api.ts';
import { useRequest } from '../../lib/use-request.ts';
import { useLiveEvent } from '../../lib/live.tsx';
import { useMe } from '../../lib/session.tsx';
import { feedback, showError } from '../../lib/feedback.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { ErrorState, PageHeader, PageLoading } from '../../components/states.tsx';
import { ItemList, ItemRow } from '../../components/item-list.tsx';
import { isFuture, toFen, yuan } from './shared.tsx';
import './participation.css';

const STATUS_COLOUR: Record<ApplicationStatus, string> = { submitted: 'gold', reviewed: 'blue', approved: 'cyan', disbursed: 'green', rejected: 'default', withdrawn: 'default' };

export default function FundPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const [params, setParams] = useSearchParams();
  const fund = useRequest((signal) => api.get<Fund>(`/api/funds/${id}`, undefined, signal), [id]);
  const [tick, setTick] = useState(0);
  const refresh = () => {
    void api.get<Fund>(`/api/funds/${id}`).then((f) => fund.setData(f)).catch(() => undefined);
    setTick((n) => n + 1);
  };
  useLiveEvent('fund.updated', (d) => {
    if ((d as { fundId?: string })?.fundId === id) refresh();
  });
  if (fund.error) return <ErrorState error={fund.error} onRetry={fund.reload} />;
  if (!fund.data) return <PageLoading />;
  const f = fund.data;
  const tab = params.get('tab') ?? (params.get('application') ? 'applications' : 'report');
  const staff = f.my.canSeeApplications;
  const items = [
    { key: 'report', label: t('participation.funds.tabs.report'), children: tab === 'report' ? <ReportTab fund={f} tick={tick} /> : null },
    ...(f.my.canRecordDonations || staff ? [{ key: 'donations', label: t('participation.funds.tabs.donations'), children: tab === 'donations' ? <DonationsTab fund={f} onChanged={refresh} /> : null }] : []),
    { key: 'applications', label: t('participation.funds.tabs.applications'), children: tab === 'applications' ? <ApplicationsTab fund={f} onChanged={refresh} tick={tick} /> : null },
    ...(staff ? [{ key: 'committee', label: t('participation.funds.tabs.committee'), children: tab === 'committee' ? <CommitteeTab fund={f} /> : null }] : []),
    ...(staff ? [{ key: 'ledger', label: t('participation.funds.tabs.ledger'), children: tab === 'ledger' ? <LedgerTab fund={f} tick={tick} /> : null }] : []),
  ];
  const ratio = f.matchNum / f.matchDen;
  return (
    <div className="page participation-page" data-testid="fund-page" data-fund-id={f.id}>
      <PageHeader title={<span data-testid="fund-name">{f.name}</span>} sub={t('participation.funds.intro', { ratio: Number.isInteger(ratio) ? ratio : ratio.toFixed(2) })} />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Row gutter={[12, 12]} className="fund-figures">
          <Col xs={12} md={6}>
            <Statistic title={t('participation.funds.balance')} value={yuan(f.balances.cashFen)} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('participation.funds.available')} value={yuan(f.balances.availableFen)} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('participation.funds.donated')} value={yuan(f.balances.donatedFen)} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('participation.funds.matched')} value={yuan(f.balances.matchedFen)} />
          </Col>
        </Row>
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
          {t('participation.funds.matchRule', { ratio: Number.isInteger(ratio) ? ratio : ratio.toFixed(2), period: t(`participation.funds.period.${f.capPeriod}`), cap: yuan(f.matchCapFen), used: yuan(f.matchUsedFen) })}
        </Typography.Text>
      </Card>
      <Tabs
        activeKey={tab}
        onChange={(k) => {
          const next = new URLSearchParams(params);
          next.set('tab', k);
          next.delete('application');
          setParams(next, { replace: true });
        }}
        items={items}
      />
    </div>
  );
}

function ReportTab({ fund, tick }: { fund: Fund; tick: number }) {
  const { t } = useTranslation();
  const report = useRequest((signal) => api.get<FundReport>(`/api/funds/${fund.id}/report`, undefined, signal), [fund.id, tick]);
  if (report.error) return <ErrorState error={report.error} onRetry={report.reload} />;
  if (!report.data) return <PageLoading />;
  const r = report.data;
  return (
    <Flex vertical gap={16} data-testid="fund-report">
      <Card size="small" title={t('participation.funds.tabs.report')}>
        {r.months.length ? (
          <ItemList testId="report-months">
            {r.months.map((m) => (
              <ItemRow
                key={m.month}
                testId="report-month"
                data-month={m.month}
                data-donated={m.donatedFen}
                data-matched={m.matchedFen}
                title={<strong>{m.month}</strong>}
                description={
                  <span className="part-meta">
                    <span className="money">
                      {t('participation.funds.donated')} {yuan(m.donatedFen)}
                    </span>
                    <span className="money">
                      {t('participation.funds.matched')} {yuan(m.matchedFen)}
                    </span>
                    <span className="money">
                      {t('participation.funds.paidOut')} {yuan(m.paidOutFen)}
                    </span>
                  </span>
                }
                extra={
                  <Flex vertical align="end">
                    <span className="muted part-small">{t('participation.funds.balance')}</span>
                    <strong className="money">{yuan(m.balanceFen)}</strong>
                  </Flex>
                }
              />
            ))}
          </ItemList>
        ) : (
          <Empty description={t('participation.common.noData')} />
        )}
      </Card>
      <Card size="small" title={t('participation.funds.donors')}>
        {r.donors.length ? (
          <ItemList testId="report-donors" maxHeight={420}>
            {r.donors.map((d, i) => (
              <ItemRow
                key={i}
                testId="report-donor"
                data-amount={d.amountFen}
                data-matched={d.matchedFen}
                title={d.donorName ?? t('participation.funds.anonymousDonor')}
                description={`${formatDate(d.donatedOn)} · ${t(`participation.funds.donorKind.${d.donorKind}`)}`}
                extra={
                  <Flex vertical align="end">
                    <strong className="money">{yuan(d.amountFen)}</strong>
                    <span className="money">
                      {t('participation.funds.matched')} {yuan(d.matchedFen)}
                    </span>
                  </Flex>
                }
              />
            ))}
          </ItemList>
        ) : (
          <Empty description={t('participation.common.noData')} />
        )}
      </Card>
      <Card size="small" title={t('participation.funds.aid')}>
        {r.aid.length ? (
          <ItemList>
            {r.aid.map((a, i) => (
              <ItemRow key={i} title={t(`participation.funds.category.${a.category}`)} description={a.month} extra={<strong className="money">{yuan(a.amountFen)}</strong>} />
            ))}
          </ItemList>
        ) : (
          <Empty description={t('participation.common.noData')} />
        )}
      </Card>
    </Flex>
  );
}

function DonationsTab({ fund, onChanged }: { fund: Fund; onChanged: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const today = chinaToday();
  const list = useRequest((signal) => api.get<{ items: Donation[] }>(`/api/funds/${fund.id}/donations`, undefined, signal), [fund.id]);
  const submit = async (v: { donorKind: 'person' | 'organisation'; donorName: string; anonymous?: boolean; amount: number; donatedOn: Dayjs; receiptNo: string; note?: string }) => {
    setBusy(true);
    try {
      const d = await api.post<Donation>(`/api/funds/${fund.id}/donations`, {
        donorKind: v.donorKind,
        donorName: v.donorName,
        anonymous: !!v.anonymous,
        amountFen: toFen(v.amount),
        donatedOn: v.donatedOn.format('YYYY-MM-DD'),
        receiptNo: v.receiptNo,
        note: v.note ?? '',
      });
      feedback.success(t('participation.funds.donationRecorded', { matched: yuan(d.matchedFen) }));
      form.resetFields();
      list.reload();
      onChanged();
    } catch (err) {
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Flex vertical gap={16}>
      {fund.my.canRecordDonations ? (
        <Card size="small" title={t('participation.funds.recordDonation')}>
          <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ donorKind: 'person', donatedOn: dayjs(today) }}>
            <Form.Item name="donorKind" label={t('participation.funds.donorName')}>
              <Radio.Group options={(['person', 'organisation'] as const).map((k) => ({ value: k, label: t(`participation.funds.donorKind.${k}`) }))} optionType="button" />
            </Form.Item>
            <Row gutter={12}>
              <Col xs={24} md={12}>
                <Form.Item name="donorName" label={t('participation.funds.donorName')} rules={[{ required: true, max: 80 }]}>
                  <Input data-testid="donor-name" />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="amount" label={t('participation.funds.amount')} rules={[{ required: true }, { type: 'number', min: 0.01 }]}>
                  <InputNumber min={0.01} max={100_000_000} precision={2} style={{ width: '100%' }} data-testid="donation-amount" />
                </Form.Item>
              </Col>
              <Col xs={12} md={12}>
                <Form.Item name="donatedOn" label={t('participation.common.date')} rules={[{ required: true }]}>
                  <DatePicker style={{ width: '100%' }} disabledDate={(d) => isFuture(d, today)} allowClear={false} />
                </Form.Item>
              </Col>
              <Col xs={12} md={12}>
                <Form.Item name="receiptNo" label={t('participation.funds.receiptNo')} rules={[{ required: true, pattern: /^[A-Za-z0-9-]{4,40}$/ }]}>
                  <Input data-testid="receipt-no" />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="anonymous" valuePropName="checked">
              <Checkbox>{t('participation.funds.anonymous')}</Checkbox>
            </Form.Item>
            <Form.Item name="note" label={t('participation.common.note')}>
              <Input maxLength={200} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="donation-submit">
              {t('participation.common.submit')}
            </Button>
          </Form>
        </Card>
      ) : null}
      <Card size="small" title={t('participation.funds.tabs.donations')}>
        {list.error ? (
          <ErrorState error={list.error} onRetry={list.reload} />
        ) : !list.data ? (
          <PageLoading />
        ) : list.data.items.length ? (
          <ItemList testId="donation-list" maxHeight={520}>
            {list.data.items.map((d) => (
              <ItemRow
                key={d.id}
                title={
                  <Flex gap={6} wrap align="center">
                    <span>{d.donorName}</span>
                    {d.anonymous ? <Tag>{t('participation.funds.anonymous')}</Tag> : null}
                  </Flex>
                }
                description={`${formatDate(d.donatedOn)} · ${d.receiptNo}`}
                extra={
                  <Flex vertical align="end">
                    <strong className="money">{yuan(d.amountFen)}</strong>
                    <span className="money">+{yuan(d.matchedFen)}</span>
                  </Flex>
                }
              />
            ))}
          </ItemList>
        ) : (
          <Empty description={t('participation.common.noData')} />
        )}
      </Card>
    </Flex>
  );
}

function ApplicationsTab({ fund, onChanged, tick }: { fund: Fund; onChanged: () => void; tick: number }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const open = params.get('application');
  const [applying, setApplying] = useState(false);
  const [status, setStatus] = useState<ApplicationStatus | undefined>();
  const list = useRequest((signal) => api.get<Paged<ApplicationSummary>>(`/api/funds/${fund.id}/applications`, { status, pageSize: 100 }, signal), [fund.id, status, tick]);
  const openApp = (id: string | null) => {
    const next = new URLSearchParams(params);
    if (id) next.set('application', id);
    else next.delete('application');
    setParams(next, { replace: true });
  };
  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" gap={8} wrap>
        <Select allowClear placeholder={t('participation.common.status')} value={status} onChange={setStatus} style={{ minWidth: 180 }} options={(['submitted', 'reviewed', 'approved', 'disbursed', 'rejected', 'withdrawn'] as const).map((s) => ({ value: s, label: t(`participation.funds.appStatus.${s}`) }))} />
        {fund.my.canApply ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setApplying((x) => !x)} data-testid="apply">
            {t('participation.funds.apply')}
          </Button>
        ) : null}
      </Flex>
      {applying ? (
        <ApplyForm
          fund={fund}
          onDone={(id) => {
            setApplying(false);
            list.reload();
            onChanged();
            openApp(id);
          }}
        />
      ) : null}
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <PageLoading />
      ) : list.data.items.length ? (
        <ItemList testId="application-list">
          {list.data.items.map((a) => (
            <ItemRow
              key={a.id}
              testId="application-row"
              data-status={a.status}
              onClick={() => openApp(a.id)}
              title={
                <Flex gap={6} wrap align="center">
                  <Tag color={STATUS_COLOUR[a.status]}>{t(`participation.funds.appStatus.${a.status}`)}</Tag>
                  <span>{a.personName}</span>
                  <span className="muted">{t(`participation.funds.category.${a.category}`)}</span>
                </Flex>
              }
              description={
                <span className="part-meta">
                  <span className="mono">{a.number}</span>
                  <span>{formatDate(a.createdAt)}</span>
                  {a.status === 'reviewed' ? <span>{t('participation.funds.approvals', { count: a.approvals })}</span> : null}
                </span>
              }
              extra={<strong className="money">{yuan(a.recommendedFen ?? a.requestedFen)}</strong>}
            />
          ))}
        </ItemList>
      ) : (
        <Empty description={t('participation.common.noData')} />
      )}
      {open ? (
        <ApplicationDrawer
          id={open}
          onClose={() => openApp(null)}
          onChanged={() => {
            list.reload();
            onChanged();
          }}
        />
      ) : null}
    </Flex>
  );
}

function ApplyForm({ fund, onDone }: { fund: Fund; onDone: (id: string) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const [form] = Form.useForm();
  const [q, setQ] = useState('');
  const staff = fund.my.canReview || fund.my.canSeeApplications;
  const people = useRequest((signal) => api.get<Paged<Person>>('/api/persons', { areaId: fund.communityId, q: q || undefined, pageSize: 20, status: 'active' }, signal), [q, fund.communityId], staff);
  const submit = async (v: { personId?: string; category: string; reason: string; requested: number }) => {
    try {
      const app = await api.post<Application>(`/api/funds/${fund.id}/applications`, { personId: staff ? v.personId : (me.personId ?? undefined), category: v.category, reason: v.reason, requestedFen: toFen(v.requested) });
      onDone(app.id);
    } catch (err) {
      showError(err, form);
    }
  };
  return (
    <Card size="small" title={t('participation.funds.apply')}>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ category: 'hardship' }}>
        {staff ? (
          <Form.Item name="personId" label={t('participation.funds.applicant')} rules={[{ required: true }]}>
            <Select showSearch filterOption={false} onSearch={setQ} options={(people.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name}（${p.address ?? ''}）` }))} data-testid="applicant" />
          </Form.Item>
        ) : (
          <Typography.Paragraph>{t('participation.funds.forMyself')}：{me.displayName}</Typography.Paragraph>
        )}
        <Row gutter={12}>
          <Col xs={12}>
            <Form.Item name="category" label={t('participation.party.category')} rules={[{ required: true }]}>
              <Select options={(['illness', 'disability', 'disaster', 'education', 'bereavement', 'hardship', 'other'] as const).map((c) => ({ value: c, label: t(`participation.funds.category.${c}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="requested" label={t('participation.funds.requested')} rules={[{ required: true }]}>
              <InputNumber min={0.01} precision={2} style={{ width: '100%' }} data-testid="requested" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="reason" label={t('participation.funds.reason')} rules={[{ required: true, min: 4, max: 1000 }]}>
          <Input.TextArea rows={3} data-testid="reason" />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="apply-submit">
          {t('participation.common.submit')}
        </Button>
      </Form>
    </Card>
  );
}

function ApplicationDrawer({ id, onClose, onChanged }: { id: string; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const app = useRequest((signal) => api.get<Application>(`/api/fund-applications/${id}`, undefined, signal), [id]);
  const [reviewForm] = Form.useForm();
  const [payForm] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const today = chinaToday();
  const act = async (path: string, body: unknown, form?: ReturnType<typeof Form.useForm>[0]) => {
    setBusy(true);
    try {
      app.setData(await api.post<Application>(`/api/fund-applications/${id}/${path}`, body));
      onChanged();
    } catch (err) {
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };
  const a = app.data;
  return (
    <Drawer open onClose={onClose} title={a ? `${a.number} · ${a.personName}` : ''} width={Math.min(560, window.innerWidth)} data-testid="application-drawer">
      {app.error ? (
        <ErrorState error={app.error} onRetry={app.reload} />
      ) : !a ? (
        <PageLoading />
      ) : (
        <Flex vertical gap={16}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('participation.common.status')}>
              <Tag color={STATUS_COLOUR[a.status]} data-testid="application-status" data-status={a.status}>
                {t(`participation.funds.appStatus.${a.status}`)}
              </Tag>
              {a.status === 'reviewed' ? t('participation.funds.approvals', { count: a.approvals }) : null}
            </Descriptions.Item>
            <Descriptions.Item label={t('participation.party.category')}>{t(`participation.funds.category.${a.category}`)}</Descriptions.Item>
            <Descriptions.Item label={t('participation.funds.reason')}>{a.reason}</Descriptions.Item>
            <Descriptions.Item label={t('participation.funds.requested')}>{yuan(a.requestedFen)}</Descriptions.Item>
            {a.recommendedFen ? <Descriptions.Item label={t('participation.funds.recommended')}>{yuan(a.recommendedFen)}</Descriptions.Item> : null}
            {a.disbursement ? (
              <Descriptions.Item label={t('participation.funds.paidOn')}>
                {formatDate(a.disbursement.paidOn)} · {t(`participation.funds.method.${a.disbursement.method}`)} · {yuan(a.disbursement.amountFen)}
              </Descriptions.Item>
            ) : null}
          </Descriptions>

          {a.my.canReview ? (
            <Card size="small" title={t('participation.funds.review')}>
              <Form form={reviewForm} layout="vertical" initialValues={{ recommended: a.requestedFen / 100 }}>
                <Form.Item name="recommended" label={t('participation.funds.recommended')} rules={[{ required: true }]}>
                  <InputNumber min={0.01} max={a.requestedFen / 100} precision={2} style={{ width: '100%' }} data-testid="recommended" />
                </Form.Item>
                <Form.Item name="note" label={t('participation.common.note')}>
                  <Input maxLength={300} />
                </Form.Item>
                <Flex gap={8} wrap>
                  <Button
                    type="primary"
                    loading={busy}
                    data-testid="forward"
                    onClick={() => void reviewForm.validateFields().then((v) => act('review', { decision: 'forward', recommendedFen: toFen(v.recommended), note: v.note ?? '' }, reviewForm))}
                  >
                    {t('participation.funds.forward')}
                  </Button>
                  <Button danger loading={busy} onClick={() => void act('review', { decision: 'reject', note: reviewForm.getFieldValue('note') ?? '' })}>
                    {t('participation.funds.rejectReview')}
                  </Button>
                </Flex>
              </Form>
            </Card>
          ) : null}

          {a.my.decideBlockedReason ? <Alert type="warning" showIcon title={t(`participation.funds.blocked.${a.my.decideBlockedReason}`)} data-testid="decide-blocked" /> : null}
          {a.my.canDecide ? (
            <Card size="small" title={t('participation.funds.decide')}>
              <Flex gap={8} wrap>
                <Button type="primary" loading={busy} onClick={() => void act('decision', { decision: 'approve', note: '' })} data-testid="approve-application">
                  {t('participation.common.approve')}
                </Button>
                <Button danger loading={busy} onClick={() => void act('decision', { decision: 'reject', note: '' })}>
                  {t('participation.common.reject')}
                </Button>
              </Flex>
            </Card>
          ) : null}

          {a.my.canDisburse ? (
            <Card size="small" title={t('participation.funds.disburse')}>
              <Form form={payForm} layout="vertical" initialValues={{ paidOn: dayjs(today), method: 'bank_transfer' }} onFinish={(v) => void act('disburse', { paidOn: v.paidOn.format('YYYY-MM-DD'), method: v.method, reference: v.reference ?? '' }, payForm)}>
                <Row gutter={12}>
                  <Col xs={12}>
                    <Form.Item name="paidOn" label={t('participation.funds.paidOn')} rules={[{ required: true }]}>
                      <DatePicker style={{ width: '100%' }} disabledDate={(d) => isFuture(d, today)} allowClear={false} />
                    </Form.Item>
                  </Col>
                  <Col xs={12}>
                    <Form.Item name="method" label={t('participation.funds.disburse')}>
                      <Select options={(['bank_transfer', 'cash', 'in_kind'] as const).map((m) => ({ value: m, label: t(`participation.funds.method.${m}`) }))} />
                    </Form.Item>
                  </Col>
                </Row>
                <Form.Item name="reference" label={t('participation.funds.reference')}>
                  <Input maxLength={60} />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={busy} data-testid="disburse">
                  {t('participation.funds.disburse')}
                </Button>
              </Form>
            </Card>
          ) : null}

          {a.my.canWithdraw ? (
            <Button onClick={() => void act('withdraw', {})} loading={busy}>
              {t('participation.funds.withdraw')}
            </Button>
          ) : null}

          {a.decisions.length ? (
            <Card size="small" title={t('participation.funds.decisions')}>
              <ItemList>
                {a.decisions.map((d) => (
                  <ItemRow key={d.approverId} title={d.approverName} description={`${formatDateTime(d.createdAt)}${d.note ? ` · ${d.note}` : ''}`} extra={<Tag color={d.decision === 'approve' ? 'green' : 'red'}>{t(`participation.common.${d.decision}`)}</Tag>} />
                ))}
              </ItemList>
            </Card>
          ) : null}
          <Card size="small" title={t('participation.funds.history')}>
            <Timeline
              items={a.history.map((h) => ({
                children: (
                  <span>
                    {t(`participation.funds.appStatus.${h.to}`)} · {h.actorName} · {formatDateTime(h.at)}
                    {h.note ? ` · ${h.note}` : ''}
                  </span>
                ),
              }))}
            />
          </Card>
        </Flex>
      )}
    </Drawer>
  );
}

function CommitteeTab({ fund }: { fund: Fund }) {
  const { t } = useTranslation();
  const list = useRequest((signal) => api.get<{ items: { userId: string; username: string; displayName: string; role: 'chair' | 'member' }[] }>(`/api/funds/${fund.id}/committee`, undefined, signal), [fund.id]);
  const [form] = Form.useForm();
  const canEdit = fund.my.canReview || fund.my.canManage;
  const add = async (v: { username: string; role: 'chair' | 'member' }) => {
    try {
      list.setData(await api.post(`/api/funds/${fund.id}/committee`, v));
      form.resetFields();
    } catch (err) {
      showError(err, form);
    }
  };
  const remove = async (userId: string) => {
    try {
      list.setData(await api.delete(`/api/funds/${fund.id}/committee/${userId}`));
    } catch (err) {
      showError(err);
    }
  };
  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} />;
  if (!list.data) return <PageLoading />;
  return (
    <Flex vertical gap={12}>
      <ItemList testId="committee">
        {list.data.items.map((m) => (
          <ItemRow
            key={m.userId}
            title={m.displayName}
            description={`${m.username} · ${t(`participation.funds.role.${m.role}`)}`}
            extra={
              canEdit ? (
                <Button size="small" danger onClick={() => void remove(m.userId)}>
                  {t('participation.funds.remove')}
                </Button>
              ) : null
            }
          />
        ))}
      </ItemList>
      {canEdit ? (
        <Form form={form} layout="inline" onFinish={(v) => void add(v)} initialValues={{ role: 'member' }}>
          <Form.Item name="username" rules={[{ required: true }]}>
            <Input placeholder={t('participation.funds.username')} />
          </Form.Item>
          <Form.Item name="role">
            <Select style={{ width: 100 }} options={(['member', 'chair'] as const).map((r) => ({ value: r, label: t(`participation.funds.role.${r}`) }))} />
          </Form.Item>
          <Button htmlType="submit">{t('participation.funds.addMember')}</Button>
        </Form>
      ) : null}
    </Flex>
  );
}

function LedgerTab({ fund, tick }: { fund: Fund; tick: number }) {
  const { t } = useTranslation();
  const ledger = useRequest((signal) => api.get<FundLedger>(`/api/funds/${fund.id}/ledger`, undefined, signal), [fund.id, tick]);
  if (ledger.error) return <ErrorState error={ledger.error} onRetry={ledger.reload} />;
  if (!ledger.data) return <PageLoading />;
  const l = ledger.data;
  return (
    <Flex vertical gap={16}>
      <Card size="small" title={t('participation.funds.trialBalance')} extra={<Tag color={l.balanced ? 'green' : 'red'} data-testid="ledger-balanced">{t(l.balanced ? 'participation.funds.balanced' : 'participation.funds.unbalanced')}</Tag>}>
        <ItemList testId="trial-balance">
          {l.accounts.map((a) => (
            <ItemRow
              key={a.account}
              title={t(`participation.funds.account.${a.account}`)}
              description={
                <span className="part-meta">
                  <span className="money">
                    {t('participation.funds.debit')} {yuan(a.debitFen)}
                  </span>
                  <span className="money">
                    {t('participation.funds.credit')} {yuan(a.creditFen)}
                  </span>
                </span>
              }
              extra={<strong className="money">{yuan(a.balanceFen)}</strong>}
            />
          ))}
          <ItemRow
            title={<strong>Σ</strong>}
            description={
              <span className="part-meta">
                <span className="money">
                  {t('participation.funds.debit')} {yuan(l.totalDebitFen)}
                </span>
                <span className="money">
                  {t('participation.funds.credit')} {yuan(l.totalCreditFen)}
                </span>
              </span>
            }
          />
        </ItemList>
      </Card>
      <Card size="small">
        <ItemList maxHeight={560}>
          {l.entries.map((e) => (
            <ItemRow
              key={e.seq}
              title={
                <Flex gap={6} wrap align="center">
                  <Tag>{t(`participation.funds.entryKind.${e.kind}`)}</Tag>
                  <span>{e.memo}</span>
                </Flex>
              }
              description={
                <span className="part-meta">
                  <span>#{e.seq}</span>
                  <span>{formatDate(e.entryDate)}</span>
                  {e.lines.map((x, i) => (
                    <span key={i} className="money">
                      {x.debitFen ? `${t('participation.funds.debit')} ${t(`participation.funds.account.${x.account}`)} ${yuan(x.debitFen)}` : `${t('participation.funds.credit')} ${t(`participation.funds.account.${x.account}`)} ${yuan(x.creditFen)}`}
                    </span>
                  ))}
                </span>
              }
            />
          ))}
        </ItemList>
      </Card>
    </Flex>
  );
}
