// Open311 API keys for outside systems (district administrator): list, issue one (its secret is
// shown once, then only its prefix is kept), revoke.
import { useState } from 'react';
import { Alert, Button, Card, Empty, Flex, Form, Input, Modal, Popconfirm, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined, StopOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { CreatedOpen311Key as CreatedSchema, Open311Key as KeySchema } from '@linli/contracts';
import { api } from '../../lib/api.ts';
import { feedback, showError } from '../../lib/feedback.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useRequest } from '../../lib/use-request.ts';
import { ErrorState } from '../../components/states.tsx';
import { FormModal, useDesktop } from './shared.tsx';

type Open311Key = z.infer<typeof KeySchema>;
type CreatedKey = z.infer<typeof CreatedSchema>;

export default function KeysTab() {
  const { t } = useTranslation();
  const desktop = useDesktop();
  const keys = useRequest((signal) => api.get<{ items: Open311Key[] }>('/api/open311/keys', undefined, signal).then((r) => r.items), []);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const all = keys.data ?? [];

  const revoke = async (k: Open311Key) => {
    try {
      await api.delete(`/api/open311/keys/${k.id}`);
      keys.setData(all.map((x) => (x.id === k.id ? { ...x, revokedAt: new Date().toISOString() } : x)));
      feedback.success(t('sgs.keys.revokedDone'));
    } catch (err) {
      showError(err);
    }
  };

  const status = (k: Open311Key) =>
    k.revokedAt ? (
      <Tag data-testid="key-status" data-status="revoked">
        {t('sgs.keys.revoked')}
      </Tag>
    ) : (
      <Tag color="green" data-testid="key-status" data-status="active">
        {t('sgs.keys.active')}
      </Tag>
    );
  const revokeButton = (k: Open311Key) =>
    k.revokedAt ? null : (
      <Popconfirm title={t('sgs.keys.revokeConfirm')} onConfirm={() => void revoke(k)} okText={t('sgs.keys.revoke')} cancelText={t('app.cancel')} okButtonProps={{ danger: true, 'data-testid': 'key-revoke-ok' } as never}>
        <Button size="small" danger icon={<StopOutlined />} data-testid="key-revoke">
          {t('sgs.keys.revoke')}
        </Button>
      </Popconfirm>
    );

  const columns: TableColumnsType<Open311Key> = [
    { key: 'name', title: t('sgs.keys.name'), dataIndex: 'name' },
    { key: 'prefix', title: t('sgs.keys.prefix'), dataIndex: 'prefix', width: 140, render: (v: string) => <span className="mono">{v}…</span> },
    { key: 'created', title: t('sgs.keys.createdAt'), dataIndex: 'createdAt', width: 160, render: (v: string) => formatDateTime(v) },
    { key: 'used', title: t('sgs.keys.lastUsedAt'), dataIndex: 'lastUsedAt', width: 160, render: (v: string | null) => (v ? formatDateTime(v) : t('sgs.keys.never')) },
    { key: 'status', title: t('sgs.keys.status'), width: 100, render: (_v, k) => status(k) },
    { key: 'actions', title: t('app.actions'), width: 100, render: (_v, k) => revokeButton(k) },
  ];

  if (keys.error) return <ErrorState error={keys.error} onRetry={keys.reload} />;
  return (
    <div data-testid="keys-tab">
      <Typography.Paragraph type="secondary">{t('sgs.keys.intro')}</Typography.Paragraph>
      <Card size="small">
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="key-create" block={!desktop} style={{ marginBottom: 12 }}>
          {t('sgs.keys.create')}
        </Button>
        {desktop ? (
          <Table<Open311Key>
            size="small"
            rowKey="id"
            columns={columns}
            dataSource={all}
            loading={keys.loading}
            pagination={false}
            onRow={(k) => ({ 'data-testid': 'key-row', 'data-key-id': k.id, 'data-prefix': k.prefix }) as React.HTMLAttributes<HTMLElement>}
            locale={{ emptyText: t('sgs.keys.empty') }}
            data-testid="key-table"
          />
        ) : (
          <div>
            {!keys.loading && all.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sgs.keys.empty')} /> : null}
            {all.map((k) => (
              <Card key={k.id} className="row-card" data-testid="key-row" data-key-id={k.id} data-prefix={k.prefix}>
                <div className="row-card-title">
                  <span className="sgs-wrap">{k.name}</span>
                  {status(k)}
                </div>
                <div className="row-card-line">
                  <span className="mono">{k.prefix}…</span> · {t('sgs.keys.createdAt')} {formatDateTime(k.createdAt)}
                </div>
                <div className="row-card-line">
                  {t('sgs.keys.lastUsedAt')} {k.lastUsedAt ? formatDateTime(k.lastUsedAt) : t('sgs.keys.never')}
                </div>
                {revokeButton(k) ? <Flex justify="flex-end">{revokeButton(k)}</Flex> : null}
              </Card>
            ))}
          </div>
        )}
      </Card>
      {creating ? (
        <CreateKeyModal
          onClose={() => setCreating(false)}
          onCreated={(k) => {
            setCreating(false);
            setCreated(k);
            const { apiKey: _secret, ...kept } = k;
            keys.setData([kept, ...all]);
          }}
        />
      ) : null}
      {created ? (
        <Modal
          open
          title={t('sgs.keys.shownOnce')}
          closable={false}
          maskClosable={false}
          keyboard={false}
          footer={
            <Button type="primary" onClick={() => setCreated(null)} data-testid="key-secret-done">
              {t('sgs.keys.copied')}
            </Button>
          }
          data-testid="key-secret-modal"
        >
          <Alert type="warning" showIcon title={t('sgs.keys.shownOnceHint')} style={{ marginBottom: 12 }} />
          <Typography.Paragraph strong>{created.name}</Typography.Paragraph>
          <Typography.Paragraph copyable={{ text: created.apiKey }} className="mono sgs-secret" data-testid="key-secret">
            {created.apiKey}
          </Typography.Paragraph>
        </Modal>
      ) : null}
    </div>
  );
}

function CreateKeyModal({ onClose, onCreated }: { onClose: () => void; onCreated: (k: CreatedKey) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string }>();
  return (
    <FormModal title={t('sgs.keys.create')} form={form} initialValues={{ name: '' }} send={async (v) => onCreated(await api.post<CreatedKey>('/api/open311/keys', { name: v.name }))} onClose={onClose} testId="key-create">
      <Form.Item name="name" label={t('sgs.keys.name')} extra={t('sgs.keys.nameHint')} rules={[{ required: true, whitespace: true, min: 2, max: 80 }]}>
        <Input data-testid="key-name" />
      </Form.Item>
    </FormModal>
  );
}
