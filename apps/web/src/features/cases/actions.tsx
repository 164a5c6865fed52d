// The next steps of a case, as the state machine offers them to the current user: one button per
// allowed action, each opening a small form for what it needs (a reason, a department, photos).
import { useEffect, useState } from 'react';
import { Alert, Button, Flex, Form, Input, Modal, Rate, Select, Typography } from 'antd';
import { SoundOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CaseAction, CaseDetail, CaseSummary } from '@linli/contracts';
import { api, type Paged } from '../../lib/api.ts';
import { feedback, showError } from '../../lib/feedback.ts';
import { PhotoInput } from './inputs.tsx';
import { uploadPhoto } from './photos.ts';

/** Actions whose reason or feedback text is required (as in the server's state machine). */
const NOTE_REQUIRED: ReadonlySet<CaseAction> = new Set(['reject', 'return', 'reassign', 'verify_fail', 'reopen', 'handle']);
const DANGER: ReadonlySet<CaseAction> = new Set(['reject', 'return', 'verify_fail']);
const PRIMARY: ReadonlySet<CaseAction> = new Set(['file', 'dispatch', 'accept', 'start', 'handle', 'verify_pass']);

export interface Department {
  id: string;
  name: string;
  code: string;
}

let departments: Promise<Department[]> | null = null;
export function loadDepartments(): Promise<Department[]> {
  departments ??= api.get<{ items: Department[] }>('/api/organisations', { kind: 'department' }).then((r) => r.items).catch((err: unknown) => {
    departments = null;
    throw err;
  });
  return departments;
}

export function CaseActions({ c, onChanged }: { c: CaseDetail; onChanged: (next: CaseDetail) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<CaseAction | 'escalate' | null>(null);
  const actions = c.allowedActions;
  if (!actions.length && !c.canEscalate && !c.canRate) return <Typography.Text type="secondary">{t('cases.detail.noActions')}</Typography.Text>;
  return (
    <div data-testid="case-actions">
      <Flex gap={8} wrap>
        {actions.map((a) => (
          <Button key={a} size="large" type={PRIMARY.has(a) ? 'primary' : 'default'} danger={DANGER.has(a)} onClick={() => setOpen(a)} data-testid={`action-${a}`}>
            {t(`cases.action.${a}`)}
          </Button>
        ))}
        {c.canEscalate ? (
          <Button size="large" icon={<SoundOutlined />} onClick={() => setOpen('escalate')} data-testid="action-escalate" style={{ borderColor: '#c41d7f', color: '#c41d7f' }}>
            {t('cases.action.escalate')}
          </Button>
        ) : null}
      </Flex>
      {c.canRate ? <RateForm c={c} onChanged={onChanged} /> : null}
      {open === 'escalate' ? <EscalateModal c={c} onClose={() => setOpen(null)} onChanged={onChanged} /> : open ? <TransitionModal c={c} action={open} onClose={() => setOpen(null)} onChanged={onChanged} /> : null}
    </div>
  );
}

interface TransitionValues {
  note?: string;
  orgId?: string;
  mergeInto?: string;
}

export function TransitionModal({ c, action, onClose, onChanged }: { c: CaseSummary; action: CaseAction; onClose: () => void; onChanged: (next: CaseDetail) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<TransitionValues>();
  const [busy, setBusy] = useState(false);
  const [photos, setPhotos] = useState<Blob[]>([]);
  const [depts, setDepts] = useState<Department[]>([]);
  const [suggestion, setSuggestion] = useState<{ org: { id: string; name: string } | null; by: 'rule' | 'type_default' | null } | null>(null);
  const [candidates, setCandidates] = useState<CaseSummary[]>([]);
  const orgId = Form.useWatch('orgId', form);
  const needsOrg = action === 'dispatch' || action === 'reassign';
  const override = action === 'dispatch' && !!orgId && suggestion?.org?.id !== orgId;
  const noteRequired = NOTE_REQUIRED.has(action) || override;

  useEffect(() => {
    if (needsOrg) {
      void loadDepartments().then(setDepts).catch(showError);
      if (action === 'dispatch') {
        void api
          .get<NonNullable<typeof suggestion>>(`/api/cases/${c.id}/dispatch-suggestion`)
          .then((s) => {
            setSuggestion(s);
            if (s.org) form.setFieldValue('orgId', s.org.id);
          })
          .catch(showError);
      }
    }
    if (action === 'merge' && c.lat !== null && c.lon !== null) {
      void api
        .get<Paged<CaseSummary>>('/api/cases', { typeId: c.type.id, open: 'true', pageSize: 50 })
        .then((r) => setCandidates(r.items.filter((x) => x.id !== c.id)))
        .catch(() => undefined);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [action, c.id]);

  const submit = async (v: TransitionValues) => {
    setBusy(true);
    try {
      const ids: string[] = [];
      for (const p of photos) ids.push(await uploadPhoto(p));
      const next = await api.post<CaseDetail>(`/api/cases/${c.id}/transition`, { action, note: v.note ?? '', orgId: v.orgId, mergeInto: v.mergeInto, photos: ids, version: c.version });
      feedback.success(t('cases.detail.done'));
      onChanged(next);
      onClose();
    } catch (err) {
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={`${t(`cases.action.${action}`)} · ${c.number}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      okText={t(`cases.action.${action}`)}
      okButtonProps={{ danger: DANGER.has(action), 'data-testid': 'transition-submit' } as never}
      destroyOnHidden
      data-testid="transition-modal"
    >
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false} data-testid="transition-form">
        {action === 'verify_pass' || action === 'verify_fail' ? <Typography.Paragraph type="secondary">{t('cases.detail.verifyHint')}</Typography.Paragraph> : null}
        {needsOrg ? (
          <>
            {action === 'dispatch' && suggestion ? (
              <Alert
                type={suggestion.org ? 'info' : 'warning'}
                showIcon
                style={{ marginBottom: 12 }}
                data-testid="dispatch-suggestion"
                data-org={suggestion.org?.id ?? ''}
                title={suggestion.org ? t(suggestion.by === 'rule' ? 'cases.detail.suggestion' : 'cases.detail.suggestionByDefault', { org: suggestion.org.name }) : t('cases.detail.noSuggestion')}
              />
            ) : null}
            <Form.Item name="orgId" label={t('cases.field.department')} rules={[{ required: action === 'reassign' || !suggestion?.org }]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                size="large"
                options={depts.filter((d) => action !== 'reassign' || d.id !== c.org?.id).map((d) => ({ value: d.id, label: d.name }))}
                data-testid="dispatch-org"
              />
            </Form.Item>
            {override ? <Typography.Paragraph type="warning">{t('cases.detail.overrideHint')}</Typography.Paragraph> : null}
          </>
        ) : null}
        {action === 'merge' ? (
          <Form.Item name="mergeInto" label={t('cases.detail.mergeInto')} rules={[{ required: true }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              size="large"
              options={candidates.map((x) => ({ value: x.id, label: `${x.number} · ${x.description.slice(0, 30)}` }))}
              data-testid="merge-into"
            />
          </Form.Item>
        ) : null}
        <Form.Item
          name="note"
          label={action === 'handle' ? t('cases.field.feedback') : t('cases.field.note')}
          rules={[{ required: noteRequired, whitespace: true }]}
        >
          <Input.TextArea rows={3} maxLength={2000} placeholder={action === 'handle' ? t('cases.detail.feedbackPlaceholder') : t('cases.detail.notePlaceholder')} data-testid="transition-note" />
        </Form.Item>
        {action === 'handle' ? (
          <Form.Item label={t('cases.detail.handlingPhotos')}>
            <PhotoInput value={photos} onChange={setPhotos} testId="handle-photo-input" />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}

function EscalateModal({ c, onClose, onChanged }: { c: CaseDetail; onClose: () => void; onChanged: (next: CaseDetail) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ level: 'street' | 'district'; note: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async (v: { level: 'street' | 'district'; note: string }) => {
    setBusy(true);
    try {
      onChanged(await api.post<CaseDetail>(`/api/cases/${c.id}/escalate`, v));
      feedback.success(t('cases.detail.done'));
      onClose();
    } catch (err) {
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={`${t('cases.action.escalate')} · ${c.number}`} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} okButtonProps={{ 'data-testid': 'escalate-submit' } as never} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('cases.detail.escalateHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ level: c.escalationLevel === 'street' ? 'district' : 'street' }} requiredMark={false}>
        <Form.Item name="level" label={t('cases.field.status')}>
          <Select
            size="large"
            options={(['street', 'district'] as const).filter((l) => !(c.escalationLevel === 'street' && l === 'street')).map((l) => ({ value: l, label: t(`cases.level.${l}`) }))}
            data-testid="escalate-level"
          />
        </Form.Item>
        <Form.Item name="note" label={t('cases.field.reason')} rules={[{ required: true, min: 2, whitespace: true }]}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="escalate-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RateForm({ c, onChanged }: { c: CaseDetail; onChanged: (next: CaseDetail) => void }) {
  const { t } = useTranslation();
  const [score, setScore] = useState(5);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      onChanged(await api.post<CaseDetail>(`/api/cases/${c.id}/rate`, { score, comment }));
      feedback.success(t('cases.detail.thanks'));
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="rate-form" data-testid="rate-form">
      <Typography.Text strong>{t('cases.detail.rateHint')}</Typography.Text>
      <div>
        <Rate value={score} onChange={setScore} style={{ fontSize: 32 }} data-testid="rate-score" />
      </div>
      <Input.TextArea rows={2} maxLength={500} value={comment} onChange={(e) => setComment(e.target.value)} data-testid="rate-comment" style={{ margin: '8px 0' }} />
      <Button type="primary" size="large" loading={busy} onClick={() => void submit()} data-testid="rate-submit">
        {t('cases.action.rate')}
      </Button>
    </div>
  );
}
