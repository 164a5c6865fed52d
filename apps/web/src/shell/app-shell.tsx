// The frame around every signed-in page: header, side menu on desktop, bottom bar and drawer on phones.
import { useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { Avatar, Badge, Button, Drawer, Dropdown, Empty, Flex, Grid, Layout, Menu, Popover, Typography } from 'antd';
import { BellOutlined, EyeOutlined, HomeOutlined, LogoutOutlined, MenuOutlined, SettingOutlined, KeyOutlined, AppstoreOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useMe, useSession } from '../lib/session.tsx';
import { useInbox } from '../lib/live.tsx';
import { feedback, showError } from '../lib/feedback.ts';
import { activeKey, navFor, type NavItem } from './nav.tsx';
import { formatDateTime } from '../lib/format.ts';
import { ItemList, ItemRow } from '../components/item-list.tsx';

const { Header, Sider, Content } = Layout;

export function AppShell() {
  const screens = Grid.useBreakpoint();
  const desktop = !!screens.lg;
  const { elderMode } = useSession();
  const me = useMe();
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const [drawer, setDrawer] = useState(false);
  const items = navFor(me);
  const selected = activeKey(location.pathname);

  const menuItems = items.map((n) => ({ key: n.key, icon: n.icon, label: <span data-testid={`nav-${n.key}`}>{t(n.labelKey)}</span> }));
  const go = (key: string) => {
    const item = items.find((n) => n.key === key);
    if (item) navigate(item.path);
    setDrawer(false);
  };
  // Elder mode keeps navigation to big home tiles; the side menu would be one more thing to learn.
  const showSider = desktop && !elderMode;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <AppHeader desktop={desktop} onMenu={() => setDrawer(true)} />
      <Layout>
        {showSider ? (
          <Sider width={216} theme="light" className="app-sider" breakpoint="xl" collapsedWidth={64}>
            <Menu mode="inline" selectedKeys={[selected]} items={menuItems} onClick={(e) => go(e.key)} style={{ borderInlineEnd: 0 }} data-testid="side-menu" />
          </Sider>
        ) : null}
        <Content className={desktop ? 'app-content' : 'app-content app-content-phone'}>
          {elderMode && location.pathname !== '/' ? (
            <Button size="large" icon={<HomeOutlined />} onClick={() => navigate('/')} className="elder-home-button" data-testid="elder-home">
              {t('app.backHome')}
            </Button>
          ) : null}
          <Outlet />
        </Content>
      </Layout>
      {!desktop ? <BottomNav items={items} selected={selected} onMore={() => setDrawer(true)} /> : null}
      <Drawer
        open={drawer}
        onClose={() => setDrawer(false)}
        placement="left"
        size={elderMode ? 320 : 260}
        title={t('header.menu')}
        styles={{ body: { padding: 8 } }}
      >
        <Menu mode="inline" selectedKeys={[selected]} items={menuItems} onClick={(e) => go(e.key)} style={{ borderInlineEnd: 0 }} data-testid="drawer-menu" />
      </Drawer>
    </Layout>
  );
}

function AppHeader({ desktop, onMenu }: { desktop: boolean; onMenu: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const { locale, setLocale, elderMode, setElderMode, logout } = useSession();
  const navigate = useNavigate();

  const switchLanguage = () => {
    setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN').catch((err: unknown) => showError(err));
  };
  const toggleElder = () => {
    const next = !elderMode;
    setElderMode(next)
      .then(() => feedback.info(t(next ? 'header.elderOn' : 'header.elderOff')))
      .catch((err: unknown) => showError(err));
  };
  const doLogout = async () => {
    await logout();
    feedback.success(t('header.loggedOut'));
    navigate('/login', { replace: true });
  };

  return (
    <Header className="app-header">
      <Flex align="center" gap={desktop ? 12 : 6} style={{ minWidth: 0, flex: 1 }}>
        {!desktop ? <Button type="text" className="header-btn" icon={<MenuOutlined />} onClick={onMenu} aria-label={t('header.menu')} data-testid="menu-button" /> : null}
        <Link to="/" className="brand" data-testid="brand">
          <span className="brand-mark" aria-hidden>
            邻
          </span>
          <span className="brand-text">
            <span className="brand-name">{t('app.name')}</span>
            {desktop ? <span className="brand-district" data-testid="district-name">{me.districtName}</span> : null}
          </span>
        </Link>
      </Flex>
      <Flex align="center" gap={desktop ? 8 : 2}>
        <Button type="text" className="header-btn" onClick={switchLanguage} data-testid="lang-switch" aria-label={t('header.language')} lang={locale === 'zh-CN' ? 'en' : 'zh-CN'}>
          {locale === 'zh-CN' ? (desktop ? 'English' : 'EN') : '中文'}
        </Button>
        <Button
          type="text"
          className={elderMode ? 'header-btn header-btn-on' : 'header-btn'}
          icon={<EyeOutlined />}
          onClick={toggleElder}
          aria-pressed={elderMode}
          data-testid="elder-toggle"
        >
          {desktop ? t('header.elderMode') : <span className="elder-short">{t('header.elderMode').slice(0, locale === 'zh-CN' ? 2 : 5)}</span>}
        </Button>
        <NotificationBell desktop={desktop} />
        <Dropdown
          trigger={['click']}
          menu={{
            items: [
              { key: 'name', label: <Typography.Text strong>{me.displayName}</Typography.Text>, disabled: true },
              { type: 'divider' },
              { key: 'settings', icon: <SettingOutlined />, label: t('header.settings') },
              { key: 'password', icon: <KeyOutlined />, label: t('header.changePassword') },
              { key: 'logout', icon: <LogoutOutlined />, label: <span data-testid="logout">{t('header.logout')}</span>, danger: true },
            ],
            onClick: ({ key }) => {
              if (key === 'settings') navigate('/settings');
              else if (key === 'password') navigate('/settings#password');
              else if (key === 'logout') void doLogout();
            },
          }}
        >
          <Button type="text" className="header-btn" data-testid="user-menu" aria-label={t('header.userMenu')}>
            <Avatar size="small" style={{ background: '#ffffff', color: '#1d4f91', fontWeight: 600 }}>
              {me.displayName.slice(0, 1)}
            </Avatar>
            {desktop ? <span className="user-name">{me.displayName}</span> : null}
          </Button>
        </Dropdown>
      </Flex>
    </Header>
  );
}

function NotificationBell({ desktop }: { desktop: boolean }) {
  const { t } = useTranslation();
  const { elderMode } = useSession();
  const { items, unread, markRead } = useInbox();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const bell = (
    <Button
      type="text"
      className="header-btn"
      aria-label={t('header.notifications')}
      data-testid="notification-bell"
      onClick={desktop ? undefined : () => navigate('/notifications')}
    >
      <Badge count={unread} size="small" overflowCount={99} offset={[2, -2]} data-testid="unread-count" data-count={unread}>
        <BellOutlined style={{ fontSize: elderMode ? 26 : 20, color: '#fff' }} />
      </Badge>
    </Button>
  );
  if (!desktop) return bell;
  const latest = items.slice(0, 5);
  return (
    <Popover
      trigger="click"
      open={open}
      onOpenChange={setOpen}
      placement="bottomRight"
      title={t('notifications.title')}
      content={
        <div style={{ width: 340 }}>
          {latest.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} />
          ) : (
            <ItemList testId="bell-list">
              {latest.map((n) => (
                <ItemRow
                  key={n.id}
                  onClick={() => {
                    if (!n.readAt) void markRead(n.id).catch((err: unknown) => showError(err));
                    setOpen(false);
                    navigate(n.link ?? '/notifications');
                  }}
                  leading={n.readAt ? <Badge status="default" /> : <Badge status="processing" />}
                  title={<span style={{ fontWeight: n.readAt ? 400 : 600 }}>{n.title}</span>}
                  description={formatDateTime(n.createdAt)}
                />
              ))}
            </ItemList>
          )}
          <Button
            type="link"
            block
            onClick={() => {
              setOpen(false);
              navigate('/notifications');
            }}
          >
            {t('notifications.viewAll')}
          </Button>
        </div>
      }
    >
      {bell}
    </Popover>
  );
}

function BottomNav({ items, selected, onMore }: { items: NavItem[]; selected: string; onMore: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const primary = items.filter((n) => n.primary).slice(0, 4);
  return (
    <nav className="bottom-nav" data-testid="bottom-nav">
      {primary.map((n) => (
        <button key={n.key} type="button" className={n.key === selected ? 'bottom-nav-item active' : 'bottom-nav-item'} onClick={() => navigate(n.path)} data-testid={`bottom-${n.key}`}>
          <span className="bottom-nav-icon">{n.icon}</span>
          <span className="bottom-nav-label">{t(n.labelKey)}</span>
        </button>
      ))}
      <button type="button" className="bottom-nav-item" onClick={onMore} data-testid="bottom-more">
        <span className="bottom-nav-icon">
          <AppstoreOutlined />
        </span>
        <span className="bottom-nav-label">{t('app.more')}</span>
      </button>
    </nav>
  );
}
