// Ask for a reason, then show a person's full ID number and phone; the server records it in the audit log.
import { useState } from 'react';
import { Alert, Button, Checkbox, Descriptions, Form, Input, Modal } from 'antd';
import { EyeOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Person } from '@linli/contracts';
import { api, ApiError } from '../../lib/api.ts';
import { feedback, showError } from '../../lib/feedback.ts';

type Field = 'idNumber' | 'phone';
interface RevealForm {
  fields: Field[];
  reason: string;
}

export function RevealButton({ person, block, defaultReason }: { person: Person; block?: boolean; defaultReason?: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (!person.masked) return null;
  return (
    <>
      <Button icon={<EyeOutlined />} onClick={() => setOpen(true)} block={block} data-testid="reveal-button">
        {t('community.reveal')}
      </Button>
      {open ? <RevealModal person={person} onClose={() => setOpen(false)} defaultReason={defaultReason} /> : null}
    </>
  );
}

export function RevealModal({ person, onClose, defaultReason }: { person: Person; onClose: () => void; defaultReason?: string }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<RevealForm>();
  const [busy, setBusy] = useState(false);
  const [revealed, setRevealed] = useState<{ idNumber?: string | null; phone?: string | null } | null>(null);

  const submit = async (v: RevealForm) => {
    setBusy(true);
    try {
      setRevealed(await api.post<{ idNumber?: string | null; phone?: string | null }>(`/api/persons/${person.id}/reveal`, { fields: v.fields, reason: v.reason.trim() }));
    } catch (err) {
      if (err instanceof ApiError && err.status === 403) {
        feedback.error(t('community.forbiddenReveal'));
        onClose();
      } else showError(err, form);
    } finally {
      setBusy(false);
    }
  };

  const fieldOptions = [
    ...(person.idNumber ? [{ value: 'idNumber', label: t('community.idNumber') }] : []),
    ...(person.phone ? [{ value: 'phone', label: t('community.phone') }] : []),
  ];

  return (
    <Modal
      open
      title={`${t('community.revealTitle')} · ${person.name}`}
      onCancel={onClose}
      destroyOnHidden
      footer={
        revealed ? (
          <Button type="primary" onClick={onClose}>
            {t('app.close')}
          </Button>
        ) : (
          <>
            <Button onClick={onClose}>{t('app.cancel')}</Button>
            <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="reveal-submit">
              {t('app.confirm')}
            </Button>
          </>
        )
      }
    >
      {revealed ? (
        <>
          <Alert type="warning" showIcon title={t('community.revealed')} style={{ marginBottom: 12 }} />
          <Descriptions column={1} bordered size="small">
            {'idNumber' in revealed ? (
              <Descriptions.Item label={t('community.idNumber')}>
                <span className="mono" data-testid="revealed-id">
                  {revealed.idNumber ?? '—'}
                </span>
              </Descriptions.Item>
            ) : null}
            {'phone' in revealed ? (
              <Descriptions.Item label={t('community.phone')}>
                <span className="mono" data-testid="revealed-phone">
                  {revealed.phone ?? '—'}
                </span>
              </Descriptions.Item>
            ) : null}
          </Descriptions>
        </>
      ) : (
        <Form<RevealForm>
          form={form}
          layout="vertical"
          initialValues={{ fields: fieldOptions.map((o) => o.value), reason: defaultReason ?? '' }}
          onFinish={(v) => void submit(v)}
          data-testid="reveal-form"
        >
          <Form.Item name="fields" label={t('community.revealFields')} rules={[{ required: true, type: 'array', min: 1, message: t('community.required') }]}>
            <Checkbox.Group options={fieldOptions} />
          </Form.Item>
          <Form.Item name="reason" label={t('community.revealReason')} extra={t('community.revealReasonHint')} rules={[{ required: true, whitespace: true, min: 2, message: t('community.required') }]}>
            <Input.TextArea rows={2} maxLength={200} showCount data-testid="reveal-reason" />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
