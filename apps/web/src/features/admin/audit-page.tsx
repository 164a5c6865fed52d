// Search the audit log by actor, action, entity and time, page by page.
import { useState } from 'react';
import { Button, Card, Collapse, DatePicker, Flex, Form, Grid, Input, Pagination, Table, Typography, type TableColumnsType } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '@linli/contracts';
import { api, type Paged } from '../../lib/api.ts';
import { useRequest } from '../../lib/use-request.ts';
import { formatDateTime } from '../../lib/format.ts';
import { ErrorState, PageHeader } from '../../components/states.tsx';

interface AuditFilter {
  actorId?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

export default function AuditPage() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const desktop = !!screens.md;
  const [form] = Form.useForm<AuditFilter>();
  const [filter, setFilter] = useState<AuditFilter>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);

  const list = useRequest(
    (signal) =>
      api.get<Paged<AuditEntry>>(
        '/api/audit',
        {
          actorId: filter.actorId?.trim(),
          action: filter.action?.trim(),
          entityType: filter.entityType?.trim(),
          entityId: filter.entityId?.trim(),
          from: filter.range?.[0]?.startOf('day').toISOString(),
          to: filter.range?.[1]?.endOf('day').toISOString(),
          page,
          pageSize,
        },
        signal,
      ),
    [filter, page, pageSize],
  );

  const columns: TableColumnsType<AuditEntry> = [
    { title: t('admin.at'), dataIndex: 'at', key: 'at', width: 160, render: (v: string) => formatDateTime(v) },
    { title: t('admin.actor'), dataIndex: 'actorName', key: 'actor', width: 190, render: (v: string | null, e) => v ?? e.actorId ?? '—' },
    { title: t('admin.action'), dataIndex: 'action', key: 'action', width: 170, render: (v: string) => <span className="mono">{v}</span> },
    { title: t('admin.entityType'), dataIndex: 'entityType', key: 'entityType', width: 120 },
    { title: t('admin.entityId'), dataIndex: 'entityId', key: 'entityId', width: 150, ellipsis: true, render: (v: string | null) => <span className="mono">{v ?? '—'}</span> },
    { title: t('admin.details'), dataIndex: 'details', key: 'details', ellipsis: true, render: (v: Record<string, unknown>) => <span className="mono">{Object.keys(v).length ? JSON.stringify(v) : '—'}</span> },
    { title: t('admin.ip'), dataIndex: 'ip', key: 'ip', width: 120, render: (v: string | null) => v ?? '—' },
  ];

  const filterForm = (
    <Form<AuditFilter>
          form={form}
          layout={desktop ? 'inline' : 'vertical'}
          onFinish={(v) => {
            setFilter(v);
            setPage(1);
          }}
          data-testid="audit-filter"
          style={{ rowGap: 8 }}
        >
          <Form.Item name="actorId" label={t('admin.actorId')} rules={[{ pattern: /^[0-9a-f-]{36}$/i, message: t('admin.uuidHint') }]}>
            <Input allowClear style={{ width: desktop ? 200 : '100%' }} />
          </Form.Item>
          <Form.Item name="action" label={t('admin.action')}>
            <Input allowClear style={{ width: desktop ? 160 : '100%' }} placeholder="person.reveal" data-testid="audit-action" />
          </Form.Item>
          <Form.Item name="entityType" label={t('admin.entityType')}>
            <Input allowClear style={{ width: desktop ? 130 : '100%' }} placeholder="person" />
          </Form.Item>
          <Form.Item name="entityId" label={t('admin.entityId')}>
            <Input allowClear style={{ width: desktop ? 200 : '100%' }} />
          </Form.Item>
          <Form.Item name="range" label={t('admin.dateRange')}>
            <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: desktop ? 260 : '100%' }} inputReadOnly={!desktop} />
          </Form.Item>
          <Form.Item>
            <Flex gap={8}>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-search">
                {t('app.search')}
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  setFilter({});
                  setPage(1);
                }}
              >
                {t('app.reset')}
              </Button>
            </Flex>
          </Form.Item>
    </Form>
  );

  return (
    <div className="page">
      <PageHeader title={t('admin.audit')} />
      {desktop ? (
        <Card size="small" style={{ marginBottom: 16 }}>
          {filterForm}
        </Card>
      ) : (
        <Collapse style={{ marginBottom: 12, background: '#fff' }} items={[{ key: 'f', label: t('app.search'), children: filterForm }]} data-testid="audit-filter-toggle" />
      )}
      <Card size="small">
        {list.error ? (
          <ErrorState error={list.error} onRetry={list.reload} />
        ) : desktop ? (
          <Table<AuditEntry>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.loading}
            scroll={{ x: 1160 }}
            expandable={{
              rowExpandable: (e) => Object.keys(e.details).length > 0,
              expandedRowRender: (e) => <pre className="mono audit-details">{JSON.stringify(e.details, null, 2)}</pre>,
            }}
            onRow={() => ({ 'data-testid': 'audit-row' }) as React.HTMLAttributes<HTMLElement>}
            pagination={{
              current: page,
              pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100, 200],
              showTotal: (n) => t('app.total', { count: n }),
              onChange: (p, s) => {
                setPage(p);
                setPageSize(s);
              },
            }}
            data-testid="audit-table"
          />
        ) : (
          <div>
            {(list.data?.items ?? []).map((e) => (
              <Card key={e.id} className="row-card" data-testid="audit-row" size="small">
                <div className="row-card-title">
                  <span className="mono">{e.action}</span>
                  <Typography.Text type="secondary" style={{ fontWeight: 400, fontSize: 13 }}>
                    {formatDateTime(e.at)}
                  </Typography.Text>
                </div>
                <div className="row-card-line">
                  {t('admin.actor')}: {e.actorName ?? e.actorId ?? '—'}
                </div>
                <div className="row-card-line">
                  {e.entityType} · <span className="mono">{e.entityId ?? '—'}</span>
                </div>
              </Card>
            ))}
            {list.data && list.data.total > 0 ? (
              <Flex justify="center">
                <Pagination simple current={page} pageSize={pageSize} total={list.data.total} onChange={setPage} />
              </Flex>
            ) : null}
          </div>
        )}
      </Card>
    </div>
  );
}
