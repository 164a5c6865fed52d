// Login: username and password, the reason a try failed, and in demo mode the demo accounts.
import { useEffect, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Flex, Form, Input, Tag, Typography } from 'antd';
import { EyeOutlined, LockOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../lib/session.tsx';
import { ApiError } from '../../lib/api.ts';
import { errorText } from '../../lib/feedback.ts';
import { getHealth } from '../../lib/site.ts';

const DEMO_USERS = ['admin', 'official', 'street', 'community', 'community2', 'grid', 'department', 'provider', 'hotline', 'volunteer', 'resident'];
const DEMO_PASSWORD = 'linli-demo';

interface LoginForm {
  username: string;
  password: string;
}

export function LoginPage() {
  const { t } = useTranslation();
  const { status, login, expired, locale, setLocale, elderMode, setElderMode } = useSession();
  const [form] = Form.useForm<LoginForm>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [demo, setDemo] = useState(false);
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(params.get('next'));

  useEffect(() => {
    getHealth()
      .then((h) => setDemo(h.demo))
      .catch(() => setDemo(false));
  }, []);

  if (status === 'authenticated') return <Navigate to={next} replace />;

  const submit = async (v: LoginForm) => {
    setBusy(true);
    setError(null);
    try {
      await login(v.username.trim(), v.password);
      navigate(next, { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setError(t('login.invalid'));
      else if (err instanceof ApiError && err.status === 429) setError(t('login.rateLimited'));
      else setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-page">
      <Flex className="login-topbar" justify="space-between" align="center">
        <span className="brand">
          <span className="brand-mark" aria-hidden>
            邻
          </span>
          <span className="brand-name">{t('app.name')}</span>
        </span>
        <Flex gap={4}>
          <Button type="text" className="header-btn" onClick={() => void setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')} data-testid="lang-switch">
            {locale === 'zh-CN' ? 'English' : '中文'}
          </Button>
          <Button
            type="text"
            className={elderMode ? 'header-btn header-btn-on' : 'header-btn'}
            icon={<EyeOutlined />}
            aria-pressed={elderMode}
            onClick={() => void setElderMode(!elderMode)}
            data-testid="elder-toggle"
          >
            {t('header.elderMode')}
          </Button>
        </Flex>
      </Flex>
      <main className="login-main">
        <Card className="login-card" variant="borderless">
          <Typography.Title level={2} style={{ marginTop: 0, marginBottom: 4 }}>
            {t('login.welcome')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('app.subtitle')}</Typography.Paragraph>
          {expired && !error ? <Alert type="info" showIcon title={t('errors.sessionExpired')} style={{ marginBottom: 16 }} /> : null}
          {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" role="alert" /> : null}
          <Form<LoginForm> form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false} size="large" data-testid="login-form">
            <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
            </Form.Item>
            <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
              {t('login.submit')}
            </Button>
          </Form>
          {demo ? (
            <Alert
              className="demo-hint"
              type="info"
              data-testid="demo-hint"
              title={t('login.demoTitle')}
              description={
                <>
                  <div style={{ marginBottom: 8 }}>{t('login.demoHint', { password: DEMO_PASSWORD })}</div>
                  <Flex wrap gap={6}>
                    {DEMO_USERS.map((u) => (
                      <Tag
                        key={u}
                        className="demo-user"
                        data-testid={`demo-user-${u}`}
                        onClick={() => form.setFieldsValue({ username: u, password: DEMO_PASSWORD })}
                      >
                        {u}
                      </Tag>
                    ))}
                  </Flex>
                </>
              }
            />
          ) : null}
        </Card>
        <Typography.Text type="secondary" className="login-footer">
          {t('login.footer')}
        </Typography.Text>
      </main>
    </div>
  );
}

/** Only same-site paths, so a crafted link cannot send the user elsewhere after login. */
function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return '/';
  return next;
}
