// The case-type catalogue as a tree: search it, pick a type to edit its department, time limit,
// Open311 exposure and words, disable or enable it, and add types under a parent (at most three
// levels, as the server allows). On phones the editor opens in a drawer over the tree.
import { useMemo, useState, type Key } from 'react';
import { Alert, Button, Card, Col, Descriptions, Drawer, Empty, Flex, Form, Input, InputNumber, Popconfirm, Row, Select, Space, Switch, Tag, Tree, Typography } from 'antd';
import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { CaseCategory, type CaseType } from '@linli/contracts';
import { api } from '../../lib/api.ts';
import { feedback, showError } from '../../lib/feedback.ts';
import { ErrorState, PageLoading } from '../../components/states.tsx';
import { CaseTypeSelect, type Department, FormModal, typePath, useCatalogue, useDepartments, useDesktop, useLimitText } from './shared.tsx';

interface TreeNode {
  key: string;
  title: React.ReactNode;
  children?: TreeNode[];
}

/** Whether a type matches the search words (name, code or keywords, case-insensitive). */
function matches(type: CaseType, q: string): boolean {
  return `${type.name} ${type.code} ${type.keywords}`.toLowerCase().includes(q);
}

export default function TypesTab() {
  const { t } = useTranslation();
  const desktop = useDesktop();
  const catalogue = useCatalogue();
  const depts = useDepartments();
  const [q, setQ] = useState('');
  const [showDisabled, setShowDisabled] = useState(true);
  const [expanded, setExpanded] = useState<Key[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState<{ parentId: string | null } | null>(null);

  const types = useMemo(() => catalogue.data ?? [], [catalogue.data]);
  const byId = useMemo(() => new Map(types.map((x) => [x.id, x])), [types]);
  const query = q.trim().toLowerCase();

  // Shown: types that match (and, when searching, the ancestors that lead to them).
  const { tree, searchExpanded } = useMemo(() => {
    const keep = new Set<string>();
    const open = new Set<string>();
    for (const x of types) {
      if (!showDisabled && !x.active) continue;
      if (query && !matches(x, query)) continue;
      keep.add(x.id);
      for (let p = x.parentId ? byId.get(x.parentId) : undefined; p; p = p.parentId ? byId.get(p.parentId) : undefined) {
        keep.add(p.id);
        open.add(p.id);
      }
    }
    const kids = new Map<string | null, CaseType[]>();
    for (const x of types) if (keep.has(x.id)) kids.set(x.parentId, [...(kids.get(x.parentId) ?? []), x]);
    const build = (parent: string | null): TreeNode[] =>
      (kids.get(parent) ?? []).map((x) => {
        const children = build(x.id);
        return { key: x.id, title: <TypeTitle type={x} hit={!!query && matches(x, query)} />, children: children.length ? children : undefined };
      });
    return { tree: build(null), searchExpanded: [...open] };
  }, [types, byId, query, showDisabled]);

  const replace = (next: CaseType) => catalogue.setData(types.map((x) => (x.id === next.id ? next : x)));
  const current = selected ? byId.get(selected) : undefined;

  if (catalogue.error) return <ErrorState error={catalogue.error} onRetry={catalogue.reload} />;
  if (!catalogue.data) return <PageLoading />;

  const editor = current ? (
    <TypeEditor key={current.id} type={current} path={typePath(byId, current.id)} depts={depts} onSaved={replace} onAddChild={() => setCreating({ parentId: current.id })} />
  ) : (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sgs.types.pickHint')} />
  );

  const treeCard = (
    <Card size="small" data-testid="type-tree-card">
      <Flex vertical gap={10}>
        <Input
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('sgs.types.search')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          data-testid="type-tree-search"
        />
        <Flex justify="space-between" align="center" wrap gap={8}>
          <Space size={6}>
            <Switch size="small" checked={showDisabled} onChange={setShowDisabled} data-testid="type-show-disabled" />
            <Typography.Text type="secondary">{t('sgs.types.showDisabled')}</Typography.Text>
          </Space>
          <Typography.Text type="secondary" data-testid="type-count" data-count={types.length}>
            {t('sgs.types.count', { count: types.length })}
          </Typography.Text>
        </Flex>
        <Button icon={<PlusOutlined />} onClick={() => setCreating({ parentId: current && current.level < 3 ? current.id : null })} data-testid="type-add" block={!desktop}>
          {t('sgs.types.add')}
        </Button>
        {tree.length ? (
          <Tree
            className="sgs-type-tree"
            blockNode
            treeData={tree}
            selectedKeys={selected ? [selected] : []}
            expandedKeys={query ? searchExpanded : expanded}
            onExpand={(keys) => !query && setExpanded(keys)}
            onSelect={(keys) => setSelected(keys.length ? String(keys[0]) : selected)}
            data-testid="type-tree"
          />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
        )}
      </Flex>
    </Card>
  );

  const onCreated = (created: CaseType) => {
    setCreating(null);
    catalogue.setData([...types, created]);
    setQ('');
    setExpanded((keys) => [...new Set([...keys, ...ancestors(byId, created.parentId)])]);
    setSelected(created.id);
    feedback.success(t('sgs.types.created'));
  };

  return (
    <div data-testid="types-tab">
      {desktop ? (
        <Row gutter={16}>
          <Col md={10} xl={9}>
            {treeCard}
          </Col>
          <Col md={14} xl={15}>
            <Card size="small" className="sgs-sticky">
              {editor}
            </Card>
          </Col>
        </Row>
      ) : (
        <>
          {treeCard}
          <Drawer open={!!current} onClose={() => setSelected(null)} placement="bottom" size="90vh" title={t('sgs.types.edit')} data-testid="type-drawer" styles={{ body: { padding: 12 } }}>
            {current ? editor : null}
          </Drawer>
        </>
      )}
      {creating ? <TypeCreateModal types={types} depts={depts} parentId={creating.parentId} onClose={() => setCreating(null)} onCreated={onCreated} /> : null}
    </div>
  );
}

function ancestors(byId: ReadonlyMap<string, CaseType>, id: string | null): string[] {
  const out: string[] = [];
  for (let p = id ? byId.get(id) : undefined; p; p = p.parentId ? byId.get(p.parentId) : undefined) out.push(p.id);
  return out;
}

function TypeTitle({ type, hit }: { type: CaseType; hit: boolean }) {
  const { t } = useTranslation();
  return (
    <span className={`sgs-type-title${hit ? ' sgs-hit' : ''}${type.active ? '' : ' sgs-inactive'}`} data-testid="type-node" data-code={type.code} data-active={type.active}>
      <span>{type.name}</span> <span className="muted mono sgs-code">{type.code}</span>
      {!type.active ? <Tag className="sgs-tag">{t('sgs.types.disabled')}</Tag> : null}
      {type.open311 ? <Tag className="sgs-tag" color="geekblue">Open311</Tag> : null}
    </span>
  );
}

interface EditValues {
  name: string;
  defaultOrgCode: string | null;
  limitValue: number | null;
  limitUnit: 'hours' | 'days' | null;
  open311: boolean;
  description: string;
  keywords: string;
}

/** The form fields shared by editing and adding: department, time limit, Open311. */
function DeptLimitOpen311({ depts }: { depts: Department[] }) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="defaultOrgCode" label={t('sgs.types.department')}>
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('sgs.types.noDept')}
          options={depts.map((d) => ({ value: d.code, label: d.name }))}
          data-testid="type-department"
        />
      </Form.Item>
      <Form.Item label={t('sgs.types.limit')} extra={t('sgs.types.limitHint')} required={false}>
        <Space.Compact block>
          <Form.Item name="limitValue" noStyle>
            <InputNumber min={1} max={1000} precision={0} style={{ width: '50%' }} data-testid="type-limit-value" />
          </Form.Item>
          <Form.Item name="limitUnit" noStyle>
            <Select style={{ width: '50%' }} options={(['hours', 'days'] as const).map((u) => ({ value: u, label: t(`sgs.unit.${u}`) }))} data-testid="type-limit-unit" />
          </Form.Item>
        </Space.Compact>
      </Form.Item>
      <Form.Item name="open311" label={t('sgs.types.open311')} valuePropName="checked">
        <Switch data-testid="type-open311" />
      </Form.Item>
    </>
  );
}

/** Time limit as the API wants it: both or neither. */
function limitOf(v: { limitValue: number | null | undefined; limitUnit: 'hours' | 'days' | null | undefined }) {
  return v.limitValue ? { limitValue: v.limitValue, limitUnit: v.limitUnit ?? 'hours' } : { limitValue: null, limitUnit: null };
}

function TypeEditor({ type, path, depts, onSaved, onAddChild }: { type: CaseType; path: string; depts: Department[]; onSaved: (t: CaseType) => void; onAddChild: () => void }) {
  const { t } = useTranslation();
  const limitText = useLimitText();
  const [form] = Form.useForm<EditValues>();
  const [busy, setBusy] = useState(false);

  const save = async (v: EditValues) => {
    setBusy(true);
    try {
      const next = await api.patch<CaseType>(`/api/case-types/${type.id}`, {
        name: v.name,
        defaultOrgCode: v.defaultOrgCode ?? null,
        ...limitOf(v),
        open311: v.open311,
        description: v.description ?? '',
        keywords: v.keywords ?? '',
      });
      onSaved(next);
      feedback.success(t('sgs.types.saved'));
    } catch (err) {
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };
  const setActive = async (active: boolean) => {
    try {
      onSaved(await api.patch<CaseType>(`/api/case-types/${type.id}`, { active }));
      feedback.success(active ? t('sgs.types.enabledDone') : t('sgs.types.disabledDone'));
    } catch (err) {
      showError(err);
    }
  };

  return (
    <div data-testid="type-editor" data-code={type.code} data-active={type.active}>
      <Typography.Title level={5} style={{ marginTop: 0 }} className="sgs-wrap">
        {path}
      </Typography.Title>
      {!type.active ? <Alert type="warning" showIcon title={t('sgs.types.disabled')} style={{ marginBottom: 12 }} /> : null}
      <Descriptions size="small" column={1} className="sgs-descriptions" style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('sgs.types.code')}>
          <span className="mono">{type.code}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('sgs.types.categoryLabel')}>
          {t(`sgs.category.${type.category}`)} · {t('sgs.types.level', { level: type.level })}
          {type.leaf ? '' : ` · ${t('sgs.types.group')}`}
        </Descriptions.Item>
        <Descriptions.Item label={t('sgs.types.limit')}>
          <span data-testid="type-limit-text">{limitText(type)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('sgs.types.department')}>{type.defaultOrgName ?? t('sgs.types.noDept')}</Descriptions.Item>
      </Descriptions>
      <Form<EditValues>
        form={form}
        layout="vertical"
        initialValues={{
          name: type.name,
          defaultOrgCode: type.defaultOrgCode,
          limitValue: type.limitValue,
          limitUnit: type.limitUnit ?? 'hours',
          open311: type.open311,
          description: type.description,
          keywords: type.keywords,
        }}
        onFinish={(v) => void save(v)}
        data-testid="type-form"
      >
        <Form.Item name="name" label={t('sgs.types.name')} rules={[{ required: true, whitespace: true, max: 60 }]}>
          <Input data-testid="type-name" />
        </Form.Item>
        <DeptLimitOpen311 depts={depts} />
        <Form.Item name="keywords" label={t('sgs.types.keywords')} rules={[{ max: 200 }]}>
          <Input data-testid="type-keywords" />
        </Form.Item>
        <Form.Item name="description" label={t('sgs.types.description')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} data-testid="type-description" />
        </Form.Item>
        <Flex gap={8} wrap>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="type-save">
            {t('app.save')}
          </Button>
          {type.level < 3 ? (
            <Button icon={<PlusOutlined />} onClick={onAddChild} data-testid="type-add-child">
              {t('sgs.types.addChild')}
            </Button>
          ) : null}
          {type.active ? (
            <Popconfirm title={t('sgs.types.disableConfirm')} onConfirm={() => void setActive(false)} okText={t('sgs.types.disable')} cancelText={t('app.cancel')} okButtonProps={{ danger: true, 'data-testid': 'type-disable-ok' } as never}>
              <Button danger data-testid="type-disable">
                {t('sgs.types.disable')}
              </Button>
            </Popconfirm>
          ) : (
            <Button onClick={() => void setActive(true)} data-testid="type-enable">
              {t('sgs.types.enable')}
            </Button>
          )}
        </Flex>
      </Form>
    </div>
  );
}

interface CreateValues extends Omit<EditValues, 'description' | 'keywords'> {
  parentId: string | null;
  code: string;
  category?: CaseType['category'];
}

function TypeCreateModal({ types, depts, parentId, onClose, onCreated }: { types: CaseType[]; depts: Department[]; parentId: string | null; onClose: () => void; onCreated: (t: CaseType) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CreateValues>();
  const parent = Form.useWatch('parentId', form);
  // Only levels 1 and 2 may have children.
  const parents = useMemo(() => types.filter((x) => x.level < 3), [types]);
  const send = async (v: CreateValues) =>
    onCreated(
      await api.post<CaseType>('/api/case-types', {
        parentId: v.parentId ?? null,
        code: v.code,
        name: v.name,
        ...(v.parentId ? {} : { category: v.category }),
        defaultOrgCode: v.defaultOrgCode ?? null,
        ...limitOf(v),
        open311: !!v.open311,
      }),
    );
  return (
    <FormModal
      title={parentId ? t('sgs.types.addChild') : t('sgs.types.add')}
      form={form}
      initialValues={{ parentId, category: undefined, code: '', name: '', defaultOrgCode: null, limitValue: null, limitUnit: 'hours', open311: false }}
      send={send}
      onClose={onClose}
      testId="type-create"
    >
      <Form.Item name="parentId" label={t('sgs.types.parent')}>
        <CaseTypeSelect types={parents} allowClear placeholder={t('sgs.types.noParent')} testId="type-parent" />
      </Form.Item>
      {!parent ? (
        <Form.Item name="category" label={t('sgs.types.categoryLabel')} rules={[{ required: true }]}>
          <Select options={CaseCategory.options.map((c) => ({ value: c, label: t(`sgs.category.${c}`) }))} data-testid="type-category" />
        </Form.Item>
      ) : null}
      <Form.Item name="code" label={t('sgs.types.code')} extra={t('sgs.types.codeHint')} rules={[{ required: true, whitespace: true }]}>
        <Input className="mono" autoComplete="off" data-testid="type-code" />
      </Form.Item>
      <Form.Item name="name" label={t('sgs.types.name')} rules={[{ required: true, whitespace: true, max: 60 }]}>
        <Input data-testid="type-new-name" />
      </Form.Item>
      <DeptLimitOpen311 depts={depts} />
    </FormModal>
  );
}
