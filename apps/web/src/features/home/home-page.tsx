// Home: a greeting, the user's roles, and one big tile per page they may open.
import { Card, Col, Row, Tag, Typography, Flex } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useMe, useSession } from '../../lib/session.tsx';
import { useInbox } from '../../lib/live.tsx';
import { navFor } from '../../shell/nav.tsx';

export function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const { elderMode } = useSession();
  const { unread } = useInbox();
  const navigate = useNavigate();
  const tiles = navFor(me).filter((n) => n.key !== 'home');
  const roles = [...new Map(me.roles.map((r) => [`${r.role}:${r.scopeName ?? ''}`, r])).values()];

  return (
    <div className="page home-page">
      <Typography.Title level={2} style={{ marginTop: 0, marginBottom: 4 }} data-testid="greeting">
        {t('home.greeting', { name: me.displayName })}
      </Typography.Title>
      <Flex wrap gap={6} style={{ marginBottom: 16 }} data-testid="my-roles">
        {roles.map((r) => (
          <Tag key={r.id} color="blue">
            {t(`roles.${r.role}`)}
            {r.scopeName ? ` · ${r.scopeName}` : ''}
          </Tag>
        ))}
      </Flex>
      {me.roles.length === 0 ? <Typography.Paragraph>{t('home.noRoles')}</Typography.Paragraph> : null}
      <Typography.Paragraph type="secondary">{t('home.intro')}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        {tiles.map((n) => (
          <Col key={n.key} xs={elderMode ? 24 : 12} sm={12} md={8} xl={6}>
            <Card hoverable className={elderMode ? 'home-tile home-tile-elder' : 'home-tile'} onClick={() => navigate(n.path)} data-testid={`tile-${n.key}`} role="link" tabIndex={0}
              onKeyDown={(e) => {
                if (e.key === 'Enter') navigate(n.path);
              }}
            >
              <span className="home-tile-icon">{n.icon}</span>
              <span className="home-tile-label">
                {t(n.labelKey)}
                {n.key === 'notifications' && unread > 0 ? <Tag color="red" style={{ marginInlineStart: 8 }}>{unread}</Tag> : null}
              </span>
            </Card>
          </Col>
        ))}
      </Row>
    </div>
  );
}
