// Accounts for the district administrator: find, create, disable/enable, reset password, grant and revoke roles.
import { useState } from 'react';
import { Button, Card, Dropdown, Empty, Flex, Form, Grid, Input, Modal, Pagination, Popconfirm, Select, Table, Tag, type TableColumnsType } from 'antd';
import { KeyOutlined, MoreOutlined, PlusOutlined, SafetyCertificateOutlined, StopOutlined, CheckCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { roleScope, type Assignment, type Role, type UserSummary } from '@linli/contracts';
import { api, newIdempotencyKey, type Paged } from '../../lib/api.ts';
import { useRequest } from '../../lib/use-request.ts';
import { feedback, showError } from '../../lib/feedback.ts';
import { formatDateTime } from '../../lib/format.ts';
import { ErrorState, PageHeader } from '../../components/states.tsx';
import { AreaTreeSelect } from '../../components/area-tree-select.tsx';

const ROLES: Role[] = ['district_admin', 'district_official', 'street_official', 'community_staff', 'grid_worker', 'department_staff', 'provider_staff', 'hotline_operator', 'volunteer', 'resident'];

type Dialog = { kind: 'create' } | { kind: 'password' | 'grant'; user: UserSummary } | null;

export default function UsersPage() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const desktop = !!screens.md;
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [dialog, setDialog] = useState<Dialog>(null);
  const list = useRequest((signal) => api.get<Paged<UserSummary>>('/api/admin/users', { q: q || undefined, page, pageSize: 20 }, signal), [q, page]);

  const replace = (u: UserSummary) => list.data && list.setData({ ...list.data, items: list.data.items.map((x) => (x.id === u.id ? u : x)) });

  const setStatus = async (u: UserSummary, status: 'active' | 'disabled') => {
    try {
      replace(await api.patch<UserSummary>(`/api/admin/users/${u.id}`, { status }));
      feedback.success(t('admin.saved'));
    } catch (err) {
      showError(err);
    }
  };
  const revoke = async (u: UserSummary, a: Assignment) => {
    try {
      await api.delete(`/api/admin/users/${u.id}/roles/${a.id}`);
      replace({ ...u, roles: u.roles.filter((r) => r.id !== a.id) });
      feedback.success(t('admin.revoked'));
    } catch (err) {
      showError(err);
    }
  };

  const roleTags = (u: UserSummary) => (
    <span className="tag-list">
      {u.roles.map((a) => (
        <Popconfirm key={a.id} title={t('admin.revokeConfirm')} onConfirm={() => void revoke(u, a)} okText={t('admin.revoke')} cancelText={t('app.cancel')}>
          <Tag color="blue" closable onClose={(e) => e.preventDefault()} style={{ cursor: 'pointer' }} data-testid="role-tag">
            {t(`roles.${a.role}`)}
            {a.scopeName ? ` · ${a.scopeName}` : ''}
          </Tag>
        </Popconfirm>
      ))}
    </span>
  );

  const menu = (u: UserSummary) => ({
    items: [
      { key: 'grant', icon: <SafetyCertificateOutlined />, label: t('admin.grantRole') },
      { key: 'password', icon: <KeyOutlined />, label: t('admin.resetPassword') },
      u.status === 'active'
        ? { key: 'disable', icon: <StopOutlined />, label: t('admin.disable'), danger: true }
        : { key: 'enable', icon: <CheckCircleOutlined />, label: t('admin.enable') },
    ],
    onClick: ({ key }: { key: string }) => {
      if (key === 'grant' || key === 'password') setDialog({ kind: key, user: u });
      else if (key === 'disable') void setStatus(u, 'disabled');
      else if (key === 'enable') void setStatus(u, 'active');
    },
  });

  const status = (u: UserSummary) => (u.status === 'active' ? <Tag color="green">{t('admin.active')}</Tag> : <Tag color="default">{t('admin.disabled')}</Tag>);

  const columns: TableColumnsType<UserSummary> = [
    { title: t('admin.username'), dataIndex: 'username', key: 'username', width: 140, render: (v: string) => <span className="mono">{v}</span> },
    { title: t('admin.displayName'), dataIndex: 'displayName', key: 'displayName', width: 180 },
    { title: t('admin.status'), key: 'status', width: 90, render: (_v, u) => status(u) },
    { title: t('admin.roles'), key: 'roles', render: (_v, u) => roleTags(u) },
    { title: t('admin.lastLogin'), dataIndex: 'lastLoginAt', key: 'lastLoginAt', width: 160, render: (v: string | null) => (v ? formatDateTime(v) : t('admin.never')) },
    {
      title: t('app.actions'),
      key: 'actions',
      width: 100,
      render: (_v, u) => (
        <Dropdown menu={menu(u)} trigger={['click']}>
          <Button size="small" icon={<MoreOutlined />} data-testid="user-actions">
            {t('app.more')}
          </Button>
        </Dropdown>
      ),
    },
  ];

  return (
    <div className="page">
      <PageHeader
        title={t('admin.users')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })} data-testid="create-user">
            {t('admin.createUser')}
          </Button>
        }
      />
      <Card size="small">
        <Input.Search
          placeholder={t('admin.searchUsers')}
          allowClear
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
          style={{ maxWidth: desktop ? 320 : '100%', marginBottom: 12 }}
          data-testid="user-search"
        />
        {list.error ? (
          <ErrorState error={list.error} onRetry={list.reload} />
        ) : desktop ? (
          <Table<UserSummary>
            rowKey="id"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.loading}
            onRow={() => ({ 'data-testid': 'user-row' }) as React.HTMLAttributes<HTMLElement>}
            scroll={{ x: 900 }}
            pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (n) => t('app.total', { count: n }) }}
            data-testid="users-table"
          />
        ) : (
          <div>
            {!list.loading && (list.data?.items.length ?? 0) === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> : null}
            {(list.data?.items ?? []).map((u) => (
              <Card key={u.id} className="row-card" data-testid="user-row">
                <div className="row-card-title">
                  <span>
                    {u.displayName} <span className="muted mono" style={{ fontWeight: 400 }}>{u.username}</span>
                  </span>
                  <Dropdown menu={menu(u)} trigger={['click']}>
                    <Button size="small" icon={<MoreOutlined />} data-testid="user-actions" aria-label={t('app.actions')} />
                  </Dropdown>
                </div>
                <div className="row-card-line">
                  {status(u)} {t('admin.lastLogin')}: {u.lastLoginAt ? formatDateTime(u.lastLoginAt) : t('admin.never')}
                </div>
                <div style={{ marginTop: 6 }}>{roleTags(u)}</div>
              </Card>
            ))}
            {list.data && list.data.total > 20 ? (
              <Flex justify="center">
                <Pagination simple current={page} pageSize={20} total={list.data.total} onChange={setPage} />
              </Flex>
            ) : null}
          </div>
        )}
      </Card>
      {dialog?.kind === 'create' ? <CreateUserModal onClose={() => setDialog(null)} onCreated={() => list.reload()} /> : null}
      {dialog?.kind === 'password' ? <ResetPasswordModal user={dialog.user} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'grant' ? (
        <GrantRoleModal
          user={dialog.user}
          onClose={() => setDialog(null)}
          onGranted={(a) => {
            replace({ ...dialog.user, roles: [...dialog.user.roles, a] });
            list.reload();
          }}
        />
      ) : null}
    </div>
  );
}

function CreateUserModal({ onClose, onCreated }: { onClose: () => void; onCreated: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ username: string; displayName: string; password: string }>();
  const [busy, setBusy] = useState(false);
  const [idemKey] = useState(newIdempotencyKey);
  const submit = async (v: { username: string; displayName: string; password: string }) => {
    setBusy(true);
    try {
      await api.post('/api/admin/users', { username: v.username.trim(), displayName: v.displayName.trim(), password: v.password }, { idempotencyKey: idemKey });
      feedback.success(t('admin.created'));
      onCreated();
      onClose();
    } catch (err) {
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('admin.createUser')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} okText={t('app.save')} cancelText={t('app.cancel')} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="create-user-form">
        <Form.Item name="username" label={t('admin.username')} extra={t('admin.usernameRule')} rules={[{ required: true, message: t('community.required') }, { pattern: /^[a-zA-Z0-9_.-]{3,64}$/, message: t('admin.usernameRule') }]}>
          <Input autoComplete="off" data-testid="new-username" />
        </Form.Item>
        <Form.Item name="displayName" label={t('admin.displayName')} rules={[{ required: true, whitespace: true, message: t('community.required') }, { max: 64 }]}>
          <Input data-testid="new-display-name" />
        </Form.Item>
        <Form.Item name="password" label={t('admin.password')} extra={t('admin.passwordHint')} rules={[{ required: true, message: t('community.required') }, { min: 10, message: t('settings.passwordTooShort') }]}>
          <Input.Password autoComplete="new-password" data-testid="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ResetPasswordModal({ user, onClose }: { user: UserSummary; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ password: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async (v: { password: string }) => {
    setBusy(true);
    try {
      await api.patch(`/api/admin/users/${user.id}`, { password: v.password });
      feedback.success(t('admin.passwordReset'));
      onClose();
    } catch (err) {
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={`${t('admin.resetPassword')} · ${user.displayName}`} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} okText={t('app.save')} cancelText={t('app.cancel')} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="password" label={t('admin.newPassword')} extra={t('admin.passwordHint')} rules={[{ required: true, message: t('community.required') }, { min: 10, message: t('settings.passwordTooShort') }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface Organisation {
  id: string;
  kind: string;
  code: string;
  name: string;
  nameEn: string | null;
}

function GrantRoleModal({ user, onClose, onGranted }: { user: UserSummary; onClose: () => void; onGranted: (a: Assignment) => void }) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<{ role: Role; areaId?: string; gridId?: string; orgId?: string }>();
  const [busy, setBusy] = useState(false);
  const role = Form.useWatch('role', form);
  const scope = role ? roleScope[role] : undefined;
  const orgs = useRequest((signal) => api.get<{ items: Organisation[] }>('/api/organisations', undefined, signal), [], scope === 'org');

  const submit = async (v: { role: Role; areaId?: string; gridId?: string; orgId?: string }) => {
    setBusy(true);
    try {
      const body = { role: v.role, ...(scope === 'area' ? { areaId: v.areaId } : {}), ...(scope === 'grid' ? { gridId: v.gridId } : {}), ...(scope === 'org' ? { orgId: v.orgId } : {}) };
      const a = await api.post<Assignment>(`/api/admin/users/${user.id}/roles`, body);
      feedback.success(t('admin.granted'));
      onGranted(a);
      onClose();
    } catch (err) {
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open title={`${t('admin.grantRole')} · ${user.displayName}`} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} okText={t('app.save')} cancelText={t('app.cancel')} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="grant-role-form">
        <Form.Item name="role" label={t('admin.role')} rules={[{ required: true, message: t('community.required') }]}>
          <Select options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} data-testid="role-select" />
        </Form.Item>
        {scope === 'area' ? (
          <Form.Item name="areaId" label={t('admin.scopeArea')} rules={[{ required: true, message: t('community.required') }]}>
            <AreaTreeSelect mode="area" />
          </Form.Item>
        ) : null}
        {scope === 'grid' ? (
          <Form.Item name="gridId" label={t('admin.scopeGrid')} rules={[{ required: true, message: t('community.required') }]}>
            <AreaTreeSelect mode="grid" />
          </Form.Item>
        ) : null}
        {scope === 'org' ? (
          <Form.Item name="orgId" label={t('admin.scopeOrg')} rules={[{ required: true, message: t('community.required') }]}>
            <Select
              loading={orgs.loading}
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('admin.pickOrg')}
              options={(orgs.data?.items ?? []).map((o) => ({ value: o.id, label: i18n.language === 'en' && o.nameEn ? o.nameEn : o.name }))}
              data-testid="org-picker"
            />
          </Form.Item>
        ) : null}
        {scope === 'district' || scope === 'self' ? <Tag>{t(scope === 'district' ? 'admin.scopeDistrict' : 'admin.scopeSelf')}</Tag> : null}
      </Form>
    </Modal>
  );
}
