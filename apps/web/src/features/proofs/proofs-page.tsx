// Proofs: issuers sign a claim about a resident, household or area; everyone who may see a proof
// opens its QR code, which anyone verifies on /verify; issuers revoke with a reason.
import { useMemo, useState } from 'react';
import { Button, Card, DatePicker, Drawer, Empty, Flex, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined, QrcodeOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import type { AreaSummary, ClaimType, Household, Person, ProofIssuer, ProofSummary } from '@linli/contracts';
import { api, type Paged } from '../../lib/api.ts';
import { useRequest } from '../../lib/use-request.ts';
import { feedback, showError } from '../../lib/feedback.ts';
import { formatDateTime } from '../../lib/format.ts';
import { ErrorState, PageHeader } from '../../components/states.tsx';
import { claimText } from './verify-page.tsx';

export default function ProofsPage() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [issuing, setIssuing] = useState(false);
  const [open, setOpen] = useState<ProofSummary | null>(null);
  const issuers = useRequest((signal) => api.get<{ items: ProofIssuer[] }>('/api/proofs/issuers', undefined, signal), []);
  const list = useRequest((signal) => api.get<Paged<ProofSummary>>('/api/proofs', { page, pageSize: 20 }, signal), [page]);
  const canIssue = (issuers.data?.items.length ?? 0) > 0;

  return (
    <div className="page" data-testid="proofs-page">
      <PageHeader
        title={t('proofs.title')}
        sub={t('proofs.sub')}
        extra={canIssue ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setIssuing(true)} data-testid="proof-issue">{t('proofs.issue')}</Button> : undefined}
      />
      <Card size="small">
        {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : (
          <Table<ProofSummary>
            rowKey="id"
            size="small"
            loading={list.loading}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: <Empty description={t('proofs.none')} /> }}
            scroll={{ x: true }}
            onRow={(p) => ({ onClick: () => setOpen(p), style: { cursor: 'pointer' }, 'data-testid': 'proof-row' }) as React.HTMLAttributes<HTMLElement>}
            pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
            columns={[
              { title: t('proofs.claim'), dataIndex: 'claimType', render: (c: string) => t(`proofs.claims.${c}`) },
              { title: t('proofs.subject'), dataIndex: 'subjectName' },
              { title: t('proofs.issuer'), dataIndex: 'issuerName', responsive: ['md'] },
              { title: t('proofs.issuedAt'), dataIndex: 'issuedAt', responsive: ['md'], render: (v: string) => formatDateTime(v) },
              { title: t('proofs.status'), dataIndex: 'revokedAt', width: 80, render: (v: string | null) => (v ? <Tag color="red">{t('proofs.revoked')}</Tag> : <Tag color="green">{t('proofs.valid')}</Tag>) },
              { title: '', width: 48, render: () => <QrcodeOutlined /> },
            ]}
          />
        )}
      </Card>
      {issuing && issuers.data ? <IssueDrawer issuers={issuers.data.items} onClose={() => setIssuing(false)} onIssued={(p) => { setIssuing(false); list.reload(); setOpen(p); }} /> : null}
      {open ? <ProofModal proof={open} canRevoke={!!issuers.data?.items.some((i) => i.id === open.issuerId)} onClose={() => setOpen(null)} onChanged={() => list.reload()} /> : null}
    </div>
  );
}

interface IssueForm {
  issuerId: string;
  claimType: ClaimType;
  subjectType: 'person' | 'household' | 'area';
  subjectId: string;
  since?: Dayjs;
  category?: string;
  grade?: number;
  hours?: number;
  period?: string;
  title?: string;
  result?: string;
  turnout?: string;
  validUntil?: Dayjs;
}

function IssueDrawer({ issuers, onClose, onIssued }: { issuers: ProofIssuer[]; onClose: () => void; onIssued: (p: ProofSummary) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<IssueForm>();
  const [busy, setBusy] = useState(false);
  const issuerId = Form.useWatch('issuerId', form) ?? issuers[0]?.id;
  const claimType = Form.useWatch('claimType', form);
  const subjectType = Form.useWatch('subjectType', form) ?? 'person';
  const issuer = issuers.find((i) => i.id === issuerId);
  const [q, setQ] = useState('');
  const people = useRequest((signal) => (subjectType === 'person' ? api.get<Paged<Person>>('/api/persons', { q, pageSize: 20 }, signal) : Promise.resolve(null)), [q, subjectType]);
  const households = useRequest((signal) => (subjectType === 'household' ? api.get<Paged<Household>>('/api/households', { pageSize: 50 }, signal) : Promise.resolve(null)), [subjectType]);
  const areas = useRequest((signal) => (subjectType === 'area' ? api.get<{ items: AreaSummary[] }>('/api/areas/root', undefined, signal) : Promise.resolve(null)), [subjectType]);
  const subjects = useMemo(() => {
    if (subjectType === 'person') return (people.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name} · ${p.birthDate} · ${p.address ?? p.communityName ?? ''}` }));
    if (subjectType === 'household') return (households.data?.items ?? []).map((h) => ({ value: h.id, label: h.address }));
    return (areas.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }));
  }, [subjectType, people.data, households.data, areas.data]);

  const submit = async () => {
    const v = await form.validateFields();
    const claim: Record<string, unknown> = { type: v.claimType };
    if (v.since) claim.since = v.since.format('YYYY-MM-DD');
    if (v.claimType === 'disability') Object.assign(claim, { category: v.category, grade: v.grade });
    if (v.claimType === 'volunteer_hours') Object.assign(claim, { hours: v.hours, period: v.period });
    if (v.claimType === 'ballot_result') Object.assign(claim, { title: v.title, result: v.result, ...(v.turnout ? { turnout: v.turnout } : {}) });
    setBusy(true);
    try {
      const p = await api.post<ProofSummary>('/api/proofs', { issuerId: v.issuerId, subjectType: v.subjectType, subjectId: v.subjectId, claim, ...(v.validUntil ? { validUntil: v.validUntil.format('YYYY-MM-DD') } : {}) });
      feedback.success(t('proofs.issued'));
      onIssued(p);
    } catch (err) {
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer open title={t('proofs.issue')} onClose={onClose} size={420} data-testid="proof-drawer"
      footer={<Button type="primary" block loading={busy} onClick={() => void submit()} data-testid="proof-submit">{t('proofs.submit')}</Button>}>
      <Form form={form} layout="vertical" initialValues={{ issuerId: issuers[0]?.id, claimType: issuers[0]?.claimTypes[0], subjectType: issuers[0]?.claimTypes[0] === 'ballot_result' ? 'area' : 'person' }}
        onValuesChange={(changed: Partial<IssueForm>) => {
          if (changed.claimType) form.setFieldsValue({ subjectType: changed.claimType === 'ballot_result' ? 'area' : 'person', subjectId: undefined });
          if (changed.subjectType) form.setFieldsValue({ subjectId: undefined });
        }}>
        <Form.Item name="issuerId" label={t('proofs.issuer')} rules={[{ required: true }]}>
          <Select options={issuers.map((i) => ({ value: i.id, label: i.name }))} />
        </Form.Item>
        <Form.Item name="claimType" label={t('proofs.claim')} rules={[{ required: true }]}>
          <Select options={(issuer?.claimTypes ?? []).map((c) => ({ value: c, label: t(`proofs.claims.${c}`) }))} data-testid="proof-claim" />
        </Form.Item>
        <Form.Item name="subjectType" label={t('proofs.subjectType')}>
          <Select options={(claimType === 'ballot_result' ? ['area'] : ['person', 'household']).map((s) => ({ value: s, label: t(`proofs.subjectTypes.${s}`) }))} />
        </Form.Item>
        <Form.Item name="subjectId" label={t('proofs.subject')} rules={[{ required: true }]}>
          <Select showSearch={{ filterOption: false, onSearch: (s) => setQ(s) }} placeholder={subjectType === 'person' ? t('proofs.searchPerson') : undefined} options={subjects} loading={people.loading} data-testid="proof-subject" />
        </Form.Item>
        {claimType === 'residence' || claimType === 'low_income' ? <Form.Item name="since" label={t('proofs.since')}><DatePicker style={{ width: '100%' }} /></Form.Item> : null}
        {claimType === 'disability' ? (
          <Space.Compact block>
            <Form.Item name="category" label={t('proofs.category')} rules={[{ required: true }]} style={{ flex: 2 }}>
              <Select options={['physical', 'visual', 'hearing', 'speech', 'intellectual', 'mental', 'multiple'].map((c) => ({ value: c, label: t(`proofs.categories.${c}`) }))} />
            </Form.Item>
            <Form.Item name="grade" label={t('proofs.grade')} rules={[{ required: true }]} style={{ flex: 1 }}>
              <InputNumber min={1} max={4} style={{ width: '100%' }} />
            </Form.Item>
          </Space.Compact>
        ) : null}
        {claimType === 'volunteer_hours' ? (
          <>
            <Form.Item name="hours" label={t('proofs.hours')} rules={[{ required: true }]}><InputNumber min={0.5} max={10000} step={0.5} style={{ width: '100%' }} data-testid="proof-hours" /></Form.Item>
            <Form.Item name="period" label={t('proofs.period')} rules={[{ required: true, min: 4 }]}><Input placeholder="2025" data-testid="proof-period" /></Form.Item>
          </>
        ) : null}
        {claimType === 'ballot_result' ? (
          <>
            <Form.Item name="title" label={t('proofs.ballotTitle')} rules={[{ required: true, min: 2 }]}><Input /></Form.Item>
            <Form.Item name="result" label={t('proofs.result')} rules={[{ required: true }]}><Input /></Form.Item>
            <Form.Item name="turnout" label={t('proofs.turnout')}><Input /></Form.Item>
          </>
        ) : null}
        <Form.Item name="validUntil" label={t('proofs.validUntil')}><DatePicker style={{ width: '100%' }} /></Form.Item>
      </Form>
    </Drawer>
  );
}

function ProofModal({ proof, canRevoke, onClose, onChanged }: { proof: ProofSummary; canRevoke: boolean; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const bundle = useRequest((signal) => api.get<{ url: string; payload: string }>(`/api/proofs/${proof.id}/bundle`, undefined, signal), [proof.id]);
  const [reason, setReason] = useState('');
  const [revoked, setRevoked] = useState(proof.revokedAt);
  const revoke = async () => {
    try {
      const p = await api.post<ProofSummary>(`/api/proofs/${proof.id}/revoke`, { reason });
      setRevoked(p.revokedAt);
      onChanged();
    } catch (err) {
      showError(err);
    }
  };
  const local = bundle.data ? `/verify#${bundle.data.url.split('#')[1]}` : null;
  return (
    <Modal open onCancel={onClose} footer={null} title={`${t(`proofs.claims.${proof.claimType}`)} · ${proof.subjectName}`} width={520} data-testid="proof-modal">
      <Flex vertical gap={12} align="center">
        <Typography.Text type="secondary">{claimText(t, proof.claim)}</Typography.Text>
        {revoked ? <Tag color="red">{t('proofs.revoked')}</Tag> : <Tag color="green">{t('proofs.valid')}</Tag>}
        <img src={`/api/proofs/${proof.id}/qr.svg`} alt={t('proofs.qr')} style={{ width: '100%', maxWidth: 420, imageRendering: 'pixelated', background: '#fff' }} data-testid="proof-qr" />
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center', margin: 0 }}>{t('proofs.qrHint')}</Typography.Paragraph>
        {local ? (
          <Space wrap>
            <Button href={local} target="_blank" data-testid="proof-verify-link">{t('proofs.openVerify')}</Button>
            <Typography.Text copyable={{ text: bundle.data!.url }}>{t('proofs.copyLink')}</Typography.Text>
          </Space>
        ) : null}
        <Typography.Text type="secondary">{t('proofs.issuer')}: {proof.issuerName} · {t('proofs.leaf')} {proof.leafIndex} · {formatDateTime(proof.issuedAt)}</Typography.Text>
        {canRevoke && !revoked ? (
          <Space.Compact style={{ width: '100%' }}>
            <Input value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('proofs.revokeReason')} />
            <Button danger disabled={reason.trim().length < 2} onClick={() => void revoke()}>{t('proofs.revoke')}</Button>
          </Space.Compact>
        ) : null}
        {bundle.error ? <ErrorState error={bundle.error} /> : null}
      </Flex>
    </Modal>
  );
}
