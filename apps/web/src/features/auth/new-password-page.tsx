// After an administrator's reset the password is temporary: the user chooses their own before
// anything else opens (the server refuses every other API call until then), then logs in again.
import { useState } from 'react';
import { Alert, Button, Card, Form, Input } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import { useSession } from '../../lib/session.tsx';
import { feedback, showError } from '../../lib/feedback.ts';
import { NewPasswordFields } from './new-password-fields.tsx';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export function NewPasswordPage() {
  const { t } = useTranslation();
  const { elderMode, reload, logout } = useSession();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const size = elderMode ? 'large' : 'middle';

  const submit = async (v: Values) => {
    setBusy(true);
    try {
      await api.post('/api/auth/password', { currentPassword: v.currentPassword, newPassword: v.newPassword });
      feedback.success(t('settings.loginAgain'));
      // Changing the password ended the session: back to the login page.
      await reload();
      navigate('/login', { replace: true });
    } catch (err) {
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-page" data-testid="new-password-page">
      <Card title={t('settings.mustChangeTitle')} style={{ width: '100%', maxWidth: 420 }}>
        <Alert type="warning" showIcon title={t('settings.mustChange')} style={{ marginBottom: 16 }} />
        <Form<Values> form={form} layout="vertical" size={size} onFinish={(v) => void submit(v)} data-testid="new-password-form">
          <Form.Item name="currentPassword" label={t('settings.temporaryPassword')} rules={[{ required: true, message: t('community.required') }]}>
            <Input.Password autoComplete="current-password" data-testid="np-current" />
          </Form.Item>
          <NewPasswordFields testIds={{ next: 'np-new', confirm: 'np-confirm' }} />
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="np-submit">
            {t('settings.changePassword')}
          </Button>
          <Button type="link" block onClick={() => void logout()} style={{ marginTop: 8 }}>
            {t('header.logout')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
