// Dispatch rules: a case type in a street or community (or the whole district) goes to a
// department. List and filter them, add one, delete one. A rule on a group covers its sub-types.
import { useMemo, useState } from 'react';
import { Button, Card, Empty, Flex, Form, Input, Popconfirm, Select, Table, Typography, type TableColumnsType } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { CaseType } from '@linli/contracts';
import { DispatchRule as DispatchRuleSchema } from '@linli/contracts';
import { api } from '../../lib/api.ts';
import { feedback, showError } from '../../lib/feedback.ts';
import { useRequest } from '../../lib/use-request.ts';
import { ErrorState } from '../../components/states.tsx';
import { CaseTypeSelect, type Department, FormModal, StreetCommunitySelect, typePath, useCatalogue, useDepartments, useDesktop } from './shared.tsx';

type DispatchRule = z.infer<typeof DispatchRuleSchema>;

export default function RulesTab() {
  const { t } = useTranslation();
  const desktop = useDesktop();
  const rules = useRequest((signal) => api.get<{ items: DispatchRule[] }>('/api/dispatch-rules', undefined, signal).then((r) => r.items), []);
  const catalogue = useCatalogue();
  const depts = useDepartments();
  const [typeFilter, setTypeFilter] = useState<string | null>(null);
  const [areaFilter, setAreaFilter] = useState<string | null>(null);
  const [deptFilter, setDeptFilter] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);

  const types = useMemo(() => catalogue.data ?? [], [catalogue.data]);
  const byId = useMemo(() => new Map(types.map((x) => [x.id, x])), [types]);
  const all = useMemo(() => rules.data ?? [], [rules.data]);
  // Areas that have rules, for the area filter (the whole district as '').
  const areas = useMemo(() => [...new Map(all.map((r) => [r.areaId ?? '', r.areaName ?? t('sgs.rules.wholeDistrict')])).entries()], [all, t]);
  const shown = all.filter((r) => (!typeFilter || r.caseTypeId === typeFilter) && (areaFilter === null || (r.areaId ?? '') === areaFilter) && (!deptFilter || r.orgId === deptFilter));

  const remove = async (r: DispatchRule) => {
    try {
      await api.delete(`/api/dispatch-rules/${r.id}`);
      rules.setData(all.filter((x) => x.id !== r.id));
      feedback.success(t('sgs.rules.deleted'));
    } catch (err) {
      showError(err);
    }
  };
  const typeText = (r: DispatchRule) => (byId.has(r.caseTypeId) ? typePath(byId, r.caseTypeId) : r.caseTypeName);
  const deleteButton = (r: DispatchRule) => (
    <Popconfirm title={t('sgs.rules.deleteConfirm')} onConfirm={() => void remove(r)} okText={t('app.delete')} cancelText={t('app.cancel')} okButtonProps={{ danger: true, 'data-testid': 'rule-delete-ok' } as never}>
      <Button size="small" danger icon={<DeleteOutlined />} data-testid="rule-delete" aria-label={t('app.delete')} />
    </Popconfirm>
  );

  const columns: TableColumnsType<DispatchRule> = [
    { key: 'type', title: t('sgs.rules.type'), render: (_v, r) => typeText(r) },
    { key: 'area', title: t('sgs.rules.area'), width: 180, render: (_v, r) => r.areaName ?? t('sgs.rules.wholeDistrict') },
    { key: 'org', title: t('sgs.rules.department'), dataIndex: 'orgName', width: 200 },
    { key: 'note', title: t('sgs.rules.note'), dataIndex: 'note', width: 200 },
    { key: 'actions', title: t('app.actions'), width: 80, render: (_v, r) => deleteButton(r) },
  ];

  if (rules.error) return <ErrorState error={rules.error} onRetry={rules.reload} />;
  return (
    <div data-testid="rules-tab">
      <Typography.Paragraph type="secondary">{t('sgs.rules.intro')}</Typography.Paragraph>
      <Card size="small">
        <Flex gap={8} wrap className="sgs-filters" style={{ marginBottom: 12 }}>
          <div className="sgs-filter">
            <CaseTypeSelect types={types} value={typeFilter} onChange={setTypeFilter} allowClear placeholder={t('sgs.rules.filterType')} testId="rule-filter-type" />
          </div>
          <Select
            className="sgs-filter"
            allowClear
            value={areaFilter ?? undefined}
            onChange={(v: string | undefined) => setAreaFilter(v ?? null)}
            placeholder={t('sgs.rules.filterArea')}
            options={areas.map(([value, label]) => ({ value, label }))}
            data-testid="rule-filter-area"
          />
          <Select
            className="sgs-filter"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            value={deptFilter ?? undefined}
            onChange={(v: string | undefined) => setDeptFilter(v ?? null)}
            placeholder={t('sgs.rules.filterDept')}
            options={depts.map((d) => ({ value: d.id, label: d.name }))}
            data-testid="rule-filter-dept"
          />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="rule-add" block={!desktop}>
            {t('sgs.rules.add')}
          </Button>
        </Flex>
        <Typography.Text type="secondary" data-testid="rule-count" data-count={shown.length}>
          {t('sgs.rules.count', { count: shown.length })}
        </Typography.Text>
        {desktop ? (
          <Table<DispatchRule>
            size="small"
            rowKey="id"
            columns={columns}
            dataSource={shown}
            loading={rules.loading}
            pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
            onRow={(r) => ({ 'data-testid': 'rule-row', 'data-type-id': r.caseTypeId, 'data-area-id': r.areaId ?? '', 'data-org-id': r.orgId }) as React.HTMLAttributes<HTMLElement>}
            locale={{ emptyText: t('sgs.rules.empty') }}
            style={{ marginTop: 8 }}
            data-testid="rule-table"
          />
        ) : (
          <div style={{ marginTop: 8 }}>
            {!rules.loading && shown.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sgs.rules.empty')} /> : null}
            {shown.map((r) => (
              <Card key={r.id} className="row-card" data-testid="rule-row" data-type-id={r.caseTypeId} data-area-id={r.areaId ?? ''} data-org-id={r.orgId}>
                <div className="row-card-title">
                  <span className="sgs-wrap">{typeText(r)}</span>
                  {deleteButton(r)}
                </div>
                <div className="row-card-line">
                  {r.areaName ?? t('sgs.rules.wholeDistrict')} → {r.orgName}
                </div>
                {r.note ? <div className="row-card-line muted">{r.note}</div> : null}
              </Card>
            ))}
          </div>
        )}
      </Card>
      {adding ? (
        <RuleModal
          types={types}
          depts={depts}
          onClose={() => setAdding(false)}
          onCreated={(r) => {
            setAdding(false);
            rules.setData([r, ...all]);
            feedback.success(t('sgs.rules.created'));
          }}
        />
      ) : null}
    </div>
  );
}

interface RuleValues {
  caseTypeId: string | null;
  areaId: string | null;
  orgId: string | null;
  note: string;
}

function RuleModal({ types, depts, onClose, onCreated }: { types: CaseType[]; depts: Department[]; onClose: () => void; onCreated: (r: DispatchRule) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<RuleValues>();
  const active = useMemo(() => types.filter((x) => x.active), [types]);
  const send = async (v: RuleValues) => onCreated(await api.post<DispatchRule>('/api/dispatch-rules', { caseTypeId: v.caseTypeId, areaId: v.areaId ?? null, orgId: v.orgId, note: v.note ?? '' }));
  return (
    <FormModal title={t('sgs.rules.add')} form={form} initialValues={{ caseTypeId: null, areaId: null, orgId: null, note: '' }} send={send} onClose={onClose} testId="rule">
      <Form.Item name="caseTypeId" label={t('sgs.rules.type')} rules={[{ required: true }]}>
        <CaseTypeSelect types={active} testId="rule-type" />
      </Form.Item>
      <Form.Item name="areaId" label={t('sgs.rules.area')} extra={t('sgs.rules.areaHint')}>
        <StreetCommunitySelect allowClear placeholder={t('sgs.rules.wholeDistrict')} testId="rule-area" />
      </Form.Item>
      <Form.Item name="orgId" label={t('sgs.rules.department')} rules={[{ required: true }]}>
        <Select showSearch={{ optionFilterProp: 'label' }} options={depts.map((d) => ({ value: d.id, label: d.name }))} data-testid="rule-department" />
      </Form.Item>
      <Form.Item name="note" label={t('sgs.rules.note')} rules={[{ max: 200 }]}>
        <Input data-testid="rule-note" />
      </Form.Item>
    </FormModal>
  );
}
