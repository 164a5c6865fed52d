// Loading, empty, error and refusal states shared by every page, plus the page title bar.
import type { ReactNode } from 'react';
import { Button, Flex, Result, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { errorText } from '../lib/feedback.ts';

export function PageLoading({ full }: { full?: boolean }) {
  const { t } = useTranslation();
  return (
    <Flex align="center" justify="center" style={{ minHeight: full ? '100vh' : 240 }} data-testid="page-loading">
      <Spin size="large" description={t('app.loading')}>
        <div style={{ width: 80, height: 80 }} />
      </Spin>
    </Flex>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Result
      status="warning"
      title={errorText(error)}
      data-testid="error-state"
      extra={onRetry ? <Button onClick={onRetry}>{t('app.retry')}</Button> : undefined}
    />
  );
}

export function Forbidden() {
  const { t } = useTranslation();
  return (
    <Result
      status="403"
      title="403"
      subTitle={t('app.forbidden')}
      extra={
        <Link to="/">
          <Button type="primary">{t('app.backHome')}</Button>
        </Link>
      }
    />
  );
}

export function NotFound() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t('app.notFound')}
      subTitle={t('app.notFoundHint')}
      extra={
        <Link to="/">
          <Button type="primary">{t('app.backHome')}</Button>
        </Link>
      }
    />
  );
}

/** A page's title row: the title, and actions that wrap under it on phones. */
export function PageHeader({ title, extra, sub }: { title: ReactNode; extra?: ReactNode; sub?: ReactNode }) {
  return (
    <Flex className="page-header" justify="space-between" align="center" wrap gap={8}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {sub ? <Typography.Text type="secondary">{sub}</Typography.Text> : null}
      </div>
      {extra ? <Flex gap={8} wrap>{extra}</Flex> : null}
    </Flex>
  );
}
