// Reporting a problem, for every kind of reporter: the grid worker in the field (sent through the
// phone's outbox, so it works offline), a resident, staff, and a hotline operator recording a
// caller. Possible duplicates nearby are shown before submitting.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, Card, Flex, Form, Input, Result, Segmented, Space, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { CaseType, Urgency } from '@linli/contracts';
import { z } from 'zod';
import { CreatedCase as CreatedCaseSchema, DuplicateCandidate } from '@linli/contracts';
import { api, newIdempotencyKey } from '../../lib/api.ts';
import { feedback, showError } from '../../lib/feedback.ts';
import { useMe } from '../../lib/session.tsx';
import { useRequest } from '../../lib/use-request.ts';
import { ErrorState, PageLoading } from '../../components/states.tsx';
import { cachedGet } from '../grid/offline/cached.ts';
import { outbox, useOutbox } from '../grid/offline/outbox.ts';
import { LocationInput, PhotoInput, type PickedLocation } from './inputs.tsx';
import { indexTypes, TypePicker } from './shared.tsx';
import { uploadPhoto } from './photos.ts';

type Duplicate = z.infer<typeof DuplicateCandidate>;
type CreatedCase = z.infer<typeof CreatedCaseSchema>;
export type ReportMode = 'grid' | 'resident' | 'hotline' | 'staff';

interface Values {
  description: string;
  address?: string;
  callerName?: string;
  callerPhone?: string;
}

export function useCaseTypes() {
  const me = useMe();
  return useRequest((signal) => cachedGet<{ items: CaseType[] }>(me.id, '/api/case-types', undefined, signal).then((r) => r.data.items), [me.id]);
}

export function ReportForm({ mode }: { mode: ReportMode }) {
  const types = useCaseTypes();
  const [round, setRound] = useState(0);
  if (types.error) return <ErrorState error={types.error} onRetry={types.reload} />;
  if (!types.data) return <PageLoading />;
  return <ReportFormBody key={round} mode={mode} types={types.data} onAnother={() => setRound((r) => r + 1)} />;
}

function ReportFormBody({ mode, types, onAnother }: { mode: ReportMode; types: CaseType[]; onAnother: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const index = useMemo(() => indexTypes(types), [types]);
  const [typeId, setTypeId] = useState<string | null>(null);
  const [location, setLocation] = useState<PickedLocation | null>(null);
  const [urgency, setUrgency] = useState<Urgency>('normal');
  const [photos, setPhotos] = useState<Blob[]>([]);
  const [duplicates, setDuplicates] = useState<Duplicate[]>([]);
  const [busy, setBusy] = useState(false);
  const [missing, setMissing] = useState<string | null>(null);
  const [done, setDone] = useState<{ kind: 'sent'; id: string; number: string } | { kind: 'queued'; key: string } | null>(null);
  // One key per opening of the form: a double tap or a retry after a lost answer files one case.
  const key = useRef(newIdempotencyKey());
  const { items } = useOutbox();

  useEffect(() => {
    setDuplicates([]);
    if (!typeId || !location || !navigator.onLine) return;
    const ctrl = new AbortController();
    api
      .get<{ items: Duplicate[] }>('/api/cases/duplicates', { typeId, lat: location.lat, lon: location.lon }, ctrl.signal)
      .then((r) => setDuplicates(r.items))
      .catch(() => undefined);
    return () => ctrl.abort();
  }, [typeId, location]);

  const submit = async (v: Values) => {
    if (!typeId) return setMissing(t('cases.report.needType'));
    if (!location) return setMissing(t('cases.report.needLocation'));
    setMissing(null);
    const body: Record<string, unknown> = {
      typeId,
      description: v.description,
      location: { lat: location.lat, lon: location.lon },
      urgency,
      ...(v.address ? { address: v.address } : {}),
      ...(mode === 'hotline' ? { caller: { name: v.callerName, phone: v.callerPhone } } : {}),
    };
    setBusy(true);
    try {
      if (mode === 'grid') {
        const item = await outbox.enqueue('case', index.byId.get(typeId)?.name ?? '', body, { photos });
        setDone({ kind: 'queued', key: item.key });
      } else {
        const ids: string[] = [];
        for (const p of photos) ids.push(await uploadPhoto(p));
        const created = await api.post<CreatedCase>('/api/cases', { ...body, photos: ids }, { idempotencyKey: key.current });
        feedback.success(t('cases.report.submitted', { number: created.number }));
        setDone({ kind: 'sent', id: created.id, number: created.number });
      }
    } catch (err) {
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    const queued = done.kind === 'queued' ? items.find((i) => i.key === done.key) : undefined;
    const sent = done.kind === 'sent' ? done : queued?.state === 'sent' && queued.result ? { id: queued.result.id, number: queued.result.number ?? '' } : null;
    return (
      <Result
        status={sent ? 'success' : 'info'}
        title={sent ? t('cases.report.submitted', { number: sent.number }) : t('cases.report.queued')}
        data-testid="report-done"
        data-state={sent ? 'sent' : (queued?.state ?? 'queued')}
        data-number={sent?.number ?? ''}
        extra={
          <Space wrap>
            <Button type="primary" size="large" onClick={onAnother} data-testid="report-another">
              {t('cases.report.another')}
            </Button>
            {sent ? (
              <Button size="large" onClick={() => navigate(`/cases/${sent.id}`)} data-testid="report-view">
                {t('cases.report.view')}
              </Button>
            ) : null}
          </Space>
        }
      />
    );
  }

  const follow = async (d: Duplicate) => {
    try {
      await api.post(`/api/cases/${d.id}/follow`);
      feedback.success(t('cases.report.followed'));
      navigate(`/cases/${d.id}`);
    } catch (err) {
      showError(err);
    }
  };

  return (
    <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} className="report-form" data-testid="report-form" requiredMark={false}>
      {mode === 'hotline' ? (
        <Card size="small" style={{ marginBottom: 16 }}>
          <Flex gap={12} wrap>
            <Form.Item name="callerName" label={t('cases.field.callerName')} rules={[{ required: true }]} style={{ flex: '1 1 160px', marginBottom: 0 }}>
              <Input size="large" data-testid="caller-name" autoComplete="off" />
            </Form.Item>
            <Form.Item name="callerPhone" label={t('cases.field.callerPhone')} rules={[{ required: true }, { pattern: /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/ }]} style={{ flex: '1 1 160px', marginBottom: 0 }}>
              <Input size="large" inputMode="tel" data-testid="caller-phone" autoComplete="off" />
            </Form.Item>
          </Flex>
        </Card>
      ) : null}
      <Form.Item label={t('cases.field.type')} required>
        <TypePicker types={types} value={typeId} onChange={setTypeId} />
      </Form.Item>
      <Form.Item name="description" label={t('cases.field.description')} rules={[{ required: true, min: 2, max: 4000 }]}>
        <Input.TextArea rows={3} placeholder={t('cases.report.describe')} data-testid="report-description" maxLength={4000} />
      </Form.Item>
      <Form.Item label={t('cases.field.location')} required>
        <LocationInput value={location} onChange={setLocation} autoLocate={mode === 'grid' || mode === 'resident'} gps={mode !== 'hotline'} />
      </Form.Item>
      <Form.Item name="address" label={t('cases.field.address')}>
        <Input size="large" maxLength={200} data-testid="report-address" />
      </Form.Item>
      <Form.Item label={t('cases.field.urgency')}>
        <Segmented<Urgency>
          value={urgency}
          onChange={setUrgency}
          options={(['normal', 'urgent', 'critical'] as const).map((u) => ({ value: u, label: t(`cases.urgency.${u}`) }))}
          data-testid="report-urgency"
        />
      </Form.Item>
      <Form.Item label={t('cases.field.photos')}>
        <PhotoInput value={photos} onChange={setPhotos} />
      </Form.Item>
      {duplicates.length ? (
        <Alert
          type="warning"
          showIcon
          data-testid="duplicate-list"
          style={{ marginBottom: 16 }}
          title={t('cases.report.duplicatesTitle')}
          description={
            <div>
              <Typography.Paragraph style={{ marginBottom: 8 }}>{t('cases.report.duplicatesHint')}</Typography.Paragraph>
              {duplicates.map((d) => (
                <Flex key={d.id} justify="space-between" align="center" gap={8} wrap className="duplicate-item" data-testid="duplicate-item">
                  <span>
                    <b>{d.number}</b> · {t(`cases.status.${d.status}`)} · {t('cases.report.duplicateDistance', { m: Math.round(d.distanceM) })}
                    <br />
                    <Typography.Text type="secondary">{d.description}</Typography.Text>
                  </span>
                  <Button onClick={() => void follow(d)} data-testid="follow-duplicate">
                    {t('cases.report.followInstead')}
                  </Button>
                </Flex>
              ))}
            </div>
          }
        />
      ) : null}
      {missing ? <Alert type="error" showIcon title={missing} style={{ marginBottom: 16 }} data-testid="report-missing" /> : null}
      <Button type="primary" htmlType="submit" size="large" block loading={busy} data-testid="report-submit">
        {duplicates.length ? t('cases.report.reportAnyway') : t('cases.report.submit')}
      </Button>
    </Form>
  );
}
