// One case: what was reported, where, by whom, its photos, its due time and flags, the steps open
// to the current user, and its whole history. Changes by others arrive live.
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Button, Card, Col, Descriptions, Flex, Form, Input, Modal, Row, Typography } from 'antd';
import { ArrowLeftOutlined, EyeOutlined, StarFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '@linli/contracts';
import { api } from '../../lib/api.ts';
import { feedback, showError } from '../../lib/feedback.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useLiveEvent } from '../../lib/live.tsx';
import { useRequest } from '../../lib/use-request.ts';
import { ErrorState, PageLoading } from '../../components/states.tsx';
import { CaseActions } from './actions.tsx';
import { CaseFlags, CaseTimeline, PhotoStrip, StatusTag, UrgencyTag } from './shared.tsx';
import './cases.css';

export default function CasePage() {
  const { id } = useParams<{ id: string }>();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const req = useRequest((signal) => api.get<CaseDetail>(`/api/cases/${id}`, undefined, signal), [id]);
  useLiveEvent('case.updated', (data) => {
    if ((data as { id?: string } | null)?.id === id) {
      void api.get<CaseDetail>(`/api/cases/${id}`).then((d) => req.setData(d)).catch(() => undefined);
    }
  });
  if (req.error) return <ErrorState error={req.error} onRetry={req.reload} />;
  const c = req.data;
  if (!c) return <PageLoading />;

  const follow = async () => {
    try {
      const r = c.following ? await api.delete<{ following: boolean }>(`/api/cases/${c.id}/follow`) : await api.post<{ following: boolean }>(`/api/cases/${c.id}/follow`);
      req.setData({ ...c, following: r.following });
    } catch (err) {
      showError(err);
    }
  };
  const reportPhotos = c.photos.filter((p) => p.purpose !== 'handling');
  const handlingPhotos = c.photos.filter((p) => p.purpose === 'handling');

  return (
    <div className="page case-page" data-testid="case-page" data-case-id={c.id} data-status={c.status} data-version={c.version}>
      <Flex align="center" gap={8} wrap style={{ marginBottom: 12 }}>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label={t('cases.detail.back')} />
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="case-number">
          {c.number}
        </Typography.Title>
        <StatusTag status={c.status} />
        <UrgencyTag urgency={c.urgency} />
        <CaseFlags c={c} />
        <span style={{ flex: 1 }} />
        <Button onClick={() => void follow()} data-testid="follow-toggle" aria-pressed={c.following}>
          {c.following ? t('cases.detail.following') : t('cases.detail.follow')}
        </Button>
      </Flex>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={c.type.path} data-testid="case-summary">
            <Typography.Paragraph style={{ fontSize: '1.1em', whiteSpace: 'pre-wrap' }} data-testid="case-description">
              {c.description}
            </Typography.Paragraph>
            <Descriptions size="small" column={{ xs: 1, sm: 2 }} items={fields(c, t)} />
            {c.mergedInto ? (
              <Button type="link" onClick={() => navigate(`/cases/${c.mergedInto!.id}`)} style={{ paddingInline: 0 }}>
                {t('cases.detail.mergedInto', { number: c.mergedInto.number })}
              </Button>
            ) : null}
            {c.rating ? (
              <div data-testid="case-rating" data-score={c.rating.score}>
                <StarFilled style={{ color: '#fadb14' }} /> {t('cases.detail.ratedScore', { score: c.rating.score })} {c.rating.comment}
              </div>
            ) : null}
          </Card>
          <Card size="small" title={t('cases.detail.photos')} style={{ marginTop: 16 }}>
            <Typography.Text type="secondary">{t('cases.detail.reportPhotos')}</Typography.Text>
            <PhotoStrip photos={reportPhotos} />
            {handlingPhotos.length ? (
              <>
                <div style={{ height: 12 }} />
                <Typography.Text type="secondary">{t('cases.detail.handlingPhotos')}</Typography.Text>
                <PhotoStrip photos={handlingPhotos} testId="handling-photos" />
              </>
            ) : null}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('cases.detail.actions')}>
            <CaseActions c={c} onChanged={(next) => req.setData(next)} />
          </Card>
          <Card size="small" title={t('cases.detail.timeline')} style={{ marginTop: 16 }}>
            <CaseTimeline history={c.history} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}

function fields(c: CaseDetail, t: (k: string, o?: Record<string, unknown>) => string) {
  const items = [
    { key: 'source', label: t('cases.field.source'), children: t(`cases.source.${c.source}`) },
    { key: 'reportedAt', label: t('cases.field.reportedAt'), children: formatDateTime(c.reportedAt) },
    { key: 'where', label: t('cases.field.location'), children: [c.street?.name, c.community?.name, c.grid?.name].filter(Boolean).join(' · ') || '—' },
    ...(c.address ? [{ key: 'address', label: t('cases.field.address'), children: c.address }] : []),
    ...(c.reporter ? [{ key: 'reporter', label: t('cases.field.reporter'), children: c.reporter.name }] : []),
    ...(c.caller ? [{ key: 'caller', label: t('cases.field.caller'), children: <Caller c={c} /> }] : []),
    { key: 'org', label: t('cases.field.org'), children: <span data-testid="case-org">{c.org?.name ?? '—'}</span> },
    ...(c.limit ? [{ key: 'limit', label: t('cases.field.limit'), children: t(`cases.limitValue.${c.limit.unit}`, { value: c.limit.value }) }] : []),
    ...(c.dueAt ? [{ key: 'due', label: t('cases.field.dueAt'), children: <span data-testid="case-due">{formatDateTime(c.dueAt)}</span> }] : []),
    ...(c.closedAt ? [{ key: 'closed', label: t('cases.field.closedAt'), children: formatDateTime(c.closedAt) }] : []),
    ...(c.reopenCount ? [{ key: 'reopen', label: t('cases.action.reopen'), children: t('cases.detail.reopenCount', { count: c.reopenCount }) }] : []),
  ];
  return items;
}

function Caller({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [phone, setPhone] = useState<string | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const reveal = async (v: { reason: string }) => {
    try {
      const r = await api.post<{ phone: string | null }>(`/api/cases/${c.id}/reveal-caller`, v);
      setPhone(r.phone);
      setOpen(false);
    } catch (err) {
      showError(err, form);
    }
  };
  return (
    <span data-testid="case-caller">
      {c.caller!.name} {phone ?? c.caller!.phone}
      {!phone && c.caller!.phone ? (
        <Button type="link" size="small" icon={<EyeOutlined />} onClick={() => setOpen(true)} data-testid="reveal-caller">
          {t('cases.detail.revealCaller')}
        </Button>
      ) : null}
      <Modal open={open} title={t('cases.detail.revealCaller')} onCancel={() => setOpen(false)} onOk={() => form.submit()} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={(v) => void reveal(v).then(() => feedback.success(t('cases.detail.done')))}>
          <Form.Item name="reason" label={t('cases.detail.revealReason')} rules={[{ required: true, min: 2 }]}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </span>
  );
}
