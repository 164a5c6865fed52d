// Notifications inbox: newest first, mark one or all read; new ones arrive live over /api/events.
import { useEffect } from 'react';
import { Badge, Button, Card, Empty, Spin, Typography } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useInbox } from '../../lib/live.tsx';
import { showError } from '../../lib/feedback.ts';
import { formatDateTime } from '../../lib/format.ts';
import { PageHeader } from '../../components/states.tsx';
import { ItemList, ItemRow } from '../../components/item-list.tsx';

export default function NotificationsPage() {
  const { t } = useTranslation();
  const { items, unread, loading, refresh, markRead, markAllRead } = useInbox();
  const navigate = useNavigate();

  useEffect(() => {
    void refresh();
  }, [refresh]);

  return (
    <div className="page">
      <PageHeader
        title={t('notifications.title')}
        sub={unread > 0 ? `${t('notifications.unread')} ${unread}` : undefined}
        extra={
          <Button icon={<CheckOutlined />} disabled={unread === 0} onClick={() => void markAllRead().catch((err: unknown) => showError(err))} data-testid="mark-all-read">
            {t('notifications.markAllRead')}
          </Button>
        }
      />
      <Card styles={{ body: { padding: 0 } }}>
        {loading && items.length === 0 ? (
          <Spin style={{ display: 'block', padding: 32 }} />
        ) : items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} style={{ padding: 24 }} />
        ) : null}
        <ItemList testId="notification-list">
          {items.map((n) => (
            <ItemRow
              key={n.id}
              testId="notification-item"
              data-read={n.readAt ? 'true' : 'false'}
              highlight={!n.readAt}
              style={{ paddingInline: 16 }}
              leading={n.readAt ? <Badge status="default" /> : <Badge status="processing" />}
              title={<span style={{ fontWeight: n.readAt ? 400 : 600 }}>{n.title}</span>}
              description={
                <>
                  <Typography.Paragraph style={{ marginBottom: 4 }}>{n.body}</Typography.Paragraph>
                  <Typography.Text type="secondary">{formatDateTime(n.createdAt)}</Typography.Text>
                </>
              }
              extra={[
                n.link ? (
                  <Button
                    key="open"
                    type="link"
                    onClick={() => {
                      if (!n.readAt) void markRead(n.id).catch(() => undefined);
                      navigate(n.link ?? '/');
                    }}
                  >
                    {t('notifications.open')}
                  </Button>
                ) : null,
                !n.readAt ? (
                  <Button key="read" type="link" onClick={() => void markRead(n.id).catch((err: unknown) => showError(err))} data-testid="mark-read">
                    {t('notifications.markRead')}
                  </Button>
                ) : null,
              ].filter(Boolean)}
            />
          ))}
        </ItemList>
      </Card>
    </div>
  );
}
