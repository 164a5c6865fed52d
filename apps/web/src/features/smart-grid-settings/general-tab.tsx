// The district's smart-grid settings: duplicate radius, the due-soon warning, the reopen window and
// visit intervals per vulnerability tag (GET/PATCH /api/cases/settings).
import { useState } from 'react';
import { Button, Card, Col, Form, InputNumber, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SmartGridSettings } from '@linli/contracts';
import { api } from '../../lib/api.ts';
import { feedback, showError } from '../../lib/feedback.ts';
import { useRequest } from '../../lib/use-request.ts';
import { ErrorState, PageLoading } from '../../components/states.tsx';

interface Values {
  duplicateRadiusM: number;
  /** Shown as a percentage; the API keeps a fraction. */
  dueSoonPercent: number;
  reopenDays: number;
  visitIntervals: Record<string, number>;
}

export default function GeneralTab() {
  const { t } = useTranslation();
  const req = useRequest((signal) => api.get<SmartGridSettings>('/api/cases/settings', undefined, signal), []);
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);

  const save = async (v: Values) => {
    setBusy(true);
    try {
      const next = await api.patch<SmartGridSettings>('/api/cases/settings', {
        duplicateRadiusM: v.duplicateRadiusM,
        dueSoonFraction: Math.round(v.dueSoonPercent) / 100,
        reopenDays: v.reopenDays,
        visitIntervals: v.visitIntervals,
      });
      req.setData(next);
      feedback.success(t('sgs.general.saved'));
    } catch (err) {
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };

  if (req.error) return <ErrorState error={req.error} onRetry={req.reload} />;
  if (!req.data) return <PageLoading />;
  const s = req.data;
  return (
    <Card size="small" data-testid="general-tab" style={{ maxWidth: 720 }}>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ duplicateRadiusM: s.duplicateRadiusM, dueSoonPercent: Math.round(s.dueSoonFraction * 100), reopenDays: s.reopenDays, visitIntervals: s.visitIntervals }}
        onFinish={(v) => void save(v)}
        data-testid="general-form"
      >
        <Row gutter={16}>
          <Col xs={24} sm={8}>
            <Form.Item name="duplicateRadiusM" label={t('sgs.general.duplicateRadiusM')} extra={t('sgs.general.duplicateRadiusHint')} rules={[{ required: true }]}>
              <InputNumber min={1} max={5000} precision={0} style={{ width: '100%' }} data-testid="general-radius" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="dueSoonPercent" label={t('sgs.general.dueSoonFraction')} extra={t('sgs.general.dueSoonHint')} rules={[{ required: true }]}>
              <InputNumber min={0} max={100} precision={0} style={{ width: '100%' }} data-testid="general-due-soon" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="reopenDays" label={t('sgs.general.reopenDays')} extra={t('sgs.general.reopenHint')} rules={[{ required: true }]}>
              <InputNumber min={0} max={365} precision={0} style={{ width: '100%' }} data-testid="general-reopen" />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Title level={5}>{t('sgs.general.visitIntervals')}</Typography.Title>
        <Row gutter={16}>
          {Object.keys(s.visitIntervals).map((tag) => (
            <Col xs={12} sm={8} key={tag}>
              <Form.Item name={['visitIntervals', tag]} label={t(`tags.${tag}`, { defaultValue: tag })} rules={[{ required: true }]}>
                <InputNumber min={1} max={365} precision={0} style={{ width: '100%' }} data-testid={`general-visit-${tag}`} />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="general-save">
          {t('app.save')}
        </Button>
      </Form>
    </Card>
  );
}
