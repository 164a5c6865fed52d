// Preferences (language, elder mode) and changing one's password.
import { useEffect, useRef, useState } from 'react';
import { Button, Card, Descriptions, Form, Input, Radio, Space, Switch, Tag } from 'antd';
import { useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Locale } from '@linli/contracts';
import { api } from '../../lib/api.ts';
import { useMe, useSession } from '../../lib/session.tsx';
import { feedback, showError } from '../../lib/feedback.ts';
import { PageHeader } from '../../components/states.tsx';
import { NewPasswordFields } from '../auth/new-password-fields.tsx';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export default function SettingsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { locale, setLocale, elderMode, setElderMode } = useSession();
  const [form] = Form.useForm<PasswordForm>();
  const [busy, setBusy] = useState(false);
  const location = useLocation();
  const passwordRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (location.hash === '#password') passwordRef.current?.scrollIntoView({ behavior: 'smooth' });
  }, [location.hash]);

  const changePassword = async (v: PasswordForm) => {
    setBusy(true);
    try {
      await api.post('/api/auth/password', { currentPassword: v.currentPassword, newPassword: v.newPassword });
      feedback.success(t('settings.passwordChanged'));
      form.resetFields();
    } catch (err) {
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page" style={{ maxWidth: 720 }}>
      <PageHeader title={t('settings.title')} />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card title={t('settings.account')}>
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('admin.username')}>{me.username}</Descriptions.Item>
            <Descriptions.Item label={t('admin.displayName')}>{me.displayName}</Descriptions.Item>
            <Descriptions.Item label={t('admin.roles')}>
              <span className="tag-list">
                {me.roles.map((r) => (
                  <Tag key={r.id} color="blue">
                    {t(`roles.${r.role}`)}
                    {r.scopeName ? ` · ${r.scopeName}` : ''}
                  </Tag>
                ))}
              </span>
            </Descriptions.Item>
          </Descriptions>
        </Card>
        <Card title={t('settings.preferences')}>
          <Form layout="vertical">
            <Form.Item label={t('settings.language')}>
              <Radio.Group
                value={locale}
                optionType="button"
                buttonStyle="solid"
                onChange={(e) => void setLocale(e.target.value as Locale).catch((err: unknown) => showError(err))}
                options={[
                  { value: 'zh-CN', label: '中文' },
                  { value: 'en', label: 'English' },
                ]}
                data-testid="settings-locale"
              />
            </Form.Item>
            <Form.Item label={t('settings.elderMode')} extra={t('settings.elderModeHint')}>
              <Switch checked={elderMode} onChange={(on) => void setElderMode(on).catch((err: unknown) => showError(err))} data-testid="settings-elder" />
            </Form.Item>
          </Form>
        </Card>
        <div ref={passwordRef} id="password">
          <Card title={t('settings.changePassword')}>
            <Form<PasswordForm> form={form} layout="vertical" onFinish={(v) => void changePassword(v)} style={{ maxWidth: 420 }} data-testid="password-form">
              <Form.Item name="currentPassword" label={t('settings.currentPassword')} rules={[{ required: true, message: t('community.required') }]}>
                <Input.Password autoComplete="current-password" />
              </Form.Item>
              <NewPasswordFields />
              <Button type="primary" htmlType="submit" loading={busy}>
                {t('settings.changePassword')}
              </Button>
            </Form>
          </Card>
        </div>
      </Space>
    </div>
  );
}
