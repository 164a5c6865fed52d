// Imports: pick or connect a source, upload a file, map its columns, dry-run or import with a
// progress bar and cancel, read and download the row-level errors; settle conflicts between
// sources and review possible duplicates (merge, keep apart, undo).
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Checkbox, Descriptions, Empty, Flex, Form, Grid, Input, InputNumber, Modal, Progress, Select, Space, Statistic, Table, Tabs, Tag, Typography, Upload } from 'antd';
import { CloudUploadOutlined, DownloadOutlined, KeyOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { IMPORT_FIELDS, type ImportConflict, ImportEntity, type ImportJob, type ImportRowError, type ImportSource, type Mapping, type MatchCandidate } from '@linli/contracts';
import { ApiError, api } from '../../lib/api.ts';
import { useRequest } from '../../lib/use-request.ts';
import { feedback, showError } from '../../lib/feedback.ts';
import { formatDateTime } from '../../lib/format.ts';
import { AreaTreeSelect } from '../../components/area-tree-select.tsx';
import { ErrorState, PageHeader, PageLoading } from '../../components/states.tsx';

export default function ImportsPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState('import');
  return (
    <div className="page" data-testid="imports-page">
      <PageHeader title={t('imports.title')} sub={t('imports.sub')} />
      <Card size="small" styles={{ body: { paddingTop: 0 } }}>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: 'import', label: t('imports.tabImport'), children: <ImportTab /> },
            { key: 'conflicts', label: t('imports.tabConflicts'), children: tab === 'conflicts' ? <ConflictsTab /> : null },
            { key: 'matches', label: t('imports.tabMatches'), children: tab === 'matches' ? <MatchesTab /> : null },
          ]}
        />
      </Card>
    </div>
  );
}

function ImportTab() {
  const { t } = useTranslation();
  const sources = useRequest((signal) => api.get<{ items: ImportSource[] }>('/api/imports/sources', undefined, signal), []);
  const [sourceId, setSourceId] = useState<string | undefined>();
  const [jobId, setJobId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [uploading, setUploading] = useState(false);
  const [pushKey, setPushKey] = useState<string | null>(null);
  const jobs = useRequest((signal) => api.get<{ items: ImportJob[] }>('/api/imports/jobs', { sourceId }, signal), [sourceId, jobId]);

  useEffect(() => {
    if (!sourceId && sources.data?.items[0]) setSourceId(sources.data.items[0].id);
  }, [sources.data, sourceId]);

  if (sources.error) return <ErrorState error={sources.error} onRetry={sources.reload} />;
  if (!sources.data) return <PageLoading />;
  const source = sources.data.items.find((s) => s.id === sourceId);

  const uploadFile = async (file: File) => {
    setUploading(true);
    try {
      const info = await api.me();
      const body = new FormData();
      body.append('file', file, file.name);
      const res = await fetch(`/api/imports/sources/${sourceId}/uploads`, { method: 'POST', body, credentials: 'same-origin', headers: { 'x-csrf-token': info?.csrfToken ?? '' } });
      const data = await res.json();
      if (!res.ok) throw new ApiError(data);
      setJobId((data as ImportJob).id);
    } catch (err) {
      showError(err);
    } finally {
      setUploading(false);
    }
  };

  const newPushKey = async () => {
    try {
      setPushKey((await api.post<{ key: string }>(`/api/imports/sources/${sourceId}/push-key`)).key);
      sources.reload();
    } catch (err) {
      showError(err);
    }
  };

  return (
    <Flex vertical gap={16}>
      <Flex gap={8} wrap align="center">
        <Typography.Text strong>{t('imports.source')}</Typography.Text>
        <Select
          value={sourceId}
          onChange={(v: string) => {
            setSourceId(v);
            setJobId(null);
          }}
          options={sources.data.items.map((s) => ({ value: s.id, label: `${s.name} · ${t(`imports.entities.${s.entity}`)} · ${s.areaName}` }))}
          placeholder={t('imports.chooseSource')}
          style={{ minWidth: 240, flex: '1 1 240px', maxWidth: 480 }}
          data-testid="source-select"
        />
        <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-source">
          {t('imports.newSource')}
        </Button>
        {source ? (
          <Button icon={<KeyOutlined />} onClick={() => void newPushKey()}>
            {t('imports.pushKeyNew')}
          </Button>
        ) : null}
      </Flex>
      {pushKey && source ? (
        <Alert
          type="warning"
          closable={{ onClose: () => setPushKey(null) }}
          title={
            <span>
              {t('imports.pushKeyShown')} <Typography.Text code copyable>{pushKey}</Typography.Text>
              <br />
              <Typography.Text type="secondary">{t('imports.pushHelp', { url: `/api/imports/push/${'chancheng'}/${source.id}` })}</Typography.Text>
            </span>
          }
        />
      ) : null}
      {source && !jobId ? (
        <Upload.Dragger accept=".csv,.xlsx,.txt" showUploadList={false} disabled={uploading} customRequest={({ file }) => void uploadFile(file as File)} data-testid="import-upload">
          <p className="ant-upload-drag-icon">
            <CloudUploadOutlined />
          </p>
          <p>{uploading ? t('imports.uploading') : t('imports.uploadHint')}</p>
        </Upload.Dragger>
      ) : null}
      {jobId ? <JobPanel key={jobId} jobId={jobId} onAgain={() => setJobId(null)} /> : null}
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('imports.history')}
      </Typography.Title>
      <Table<ImportJob>
        rowKey="id"
        size="small"
        dataSource={jobs.data?.items ?? []}
        loading={jobs.loading}
        pagination={false}
        scroll={{ x: true }}
        onRow={(j) => ({ onClick: () => setJobId(j.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('imports.source'), dataIndex: 'fileName', render: (v: string, j) => <span>{v}{j.dryRun ? <Tag style={{ marginLeft: 6 }}>{t('imports.dryRun')}</Tag> : null}</span> },
          { title: t('imports.progress'), dataIndex: 'status', width: 90, render: (s: string) => <Tag color={s === 'done' ? 'green' : s === 'failed' ? 'red' : s === 'running' ? 'blue' : undefined}>{t(`imports.status.${s}`)}</Tag> },
          { title: t('imports.counts.created'), dataIndex: 'createdRows', width: 70, align: 'right' },
          { title: t('imports.counts.error'), dataIndex: 'errorRows', width: 70, align: 'right' },
          { title: '', dataIndex: 'createdAt', width: 150, responsive: ['md'], render: (v: string) => formatDateTime(v) },
        ]}
      />
      {creating ? <NewSourceModal onClose={() => setCreating(false)} onCreated={(s) => { setCreating(false); sources.reload(); setSourceId(s.id); }} /> : null}
    </Flex>
  );
}

function NewSourceModal({ onClose, onCreated }: { onClose: () => void; onCreated: (s: ImportSource) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string; entity: ImportEntity; areaId: string; pullUrl?: string; pullEveryMinutes?: number }>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const { pullUrl, pullEveryMinutes, ...v } = await form.validateFields();
    setBusy(true);
    try {
      onCreated(await api.post<ImportSource>('/api/imports/sources', { ...v, ...(pullUrl ? { pull: { url: pullUrl, everyMinutes: pullEveryMinutes ?? 60 } } : {}) }));
    } catch (err) {
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('imports.newSource')} onCancel={onClose} onOk={() => void submit()} okText={t('imports.create')} confirmLoading={busy} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ entity: 'residents' }}>
        <Form.Item name="name" label={t('imports.sourceName')} rules={[{ required: true, min: 2 }]}>
          <Input placeholder={t('imports.sourceNameHint')} data-testid="source-name" />
        </Form.Item>
        <Form.Item name="entity" label={t('imports.entity')}>
          <Select options={ImportEntity.options.map((e) => ({ value: e, label: t(`imports.entities.${e}`) }))} data-testid="source-entity" />
        </Form.Item>
        <Form.Item name="areaId" label={t('imports.area')} rules={[{ required: true }]}>
          <AreaTreeSelect mode="area" />
        </Form.Item>
        <Form.Item name="pullUrl" label={t('imports.pullUrl')} extra={t('imports.pullHint')} rules={[{ type: 'url' }]}>
          <Input placeholder="https://" data-testid="source-pull-url" />
        </Form.Item>
        <Form.Item name="pullEveryMinutes" label={t('imports.pullEvery')}>
          <InputNumber min={1} max={10080} placeholder="60" style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

const SYNONYMS: Record<string, string[]> = {
  sourceKey: ['编号', '记录编号', '户籍编号', '人员编号', 'id', 'source_id', 'sourceid'],
  name: ['姓名', '名字', '名称', '设施名称', '机构名称', '服务商名称', 'name'],
  gender: ['性别', 'sex', 'gender'],
  birthDate: ['出生日期', '出生年月', '生日', 'birth', 'birthdate', 'birth_date'],
  idNumber: ['身份证号', '身份证号码', '证件号码', '公民身份号码', 'id_number', 'idnumber'],
  phone: ['手机', '手机号', '手机号码', '联系电话', '电话', 'phone', 'mobile'],
  relation: ['与户主关系', '关系', 'relation'],
  tags: ['标签', '人员类别', '类别', 'tags'],
  notes: ['备注', 'notes'],
  building: ['楼栋', '楼栋编码', '楼号', 'building'],
  room: ['房号', '门牌', '房间', 'room'],
  address: ['地址', '住址', '居住地址', 'address'],
  lowIncome: ['低保', '低保户', '是否低保', 'low_income', 'lowincome'],
  code: ['编码', '类型编码', '代码', '机构编码', '服务商编码', '机构代码', 'code'],
  parentCode: ['上级编码', '父类编码', 'parent', 'parentcode'],
  category: ['大类', '类别', 'category'],
  defaultOrgCode: ['责任部门', '主责部门编码', 'department'],
  limitValue: ['时限', '处置时限', 'limit'],
  limitUnit: ['单位', '时限单位', 'unit'],
  open311: ['对外', '公众可报', 'open311'],
  description: ['说明', '描述', 'description'],
  keywords: ['关键词', 'keywords'],
  active: ['启用', '状态', '是否启用', '是否运营', 'active'],
  kind: ['类型', '设施类型', '设施类别', 'kind', 'type'],
  lat: ['纬度', 'lat', 'latitude'],
  lon: ['经度', 'lon', 'lng', 'longitude'],
  openingHours: ['开放时间', '服务时间', '营业时间', 'opening_hours', 'hours'],
  capacity: ['床位', '床位数', '容量', '托位', 'capacity'],
  seats: ['座位', '座位数', '餐位', 'seats'],
  mealsPerDay: ['日供餐量', '每日供餐', '供餐量', 'meals_per_day'],
  orgCode: ['运营机构', '运营机构编码', '服务机构编码', 'operator', 'org_code'],
  service: ['服务内容', '服务类型', 'service'],
  categories: ['服务类别', '服务项目', 'categories'],
  coverage: ['服务范围', '覆盖范围', '服务区域', 'coverage'],
  dailyCapacity: ['日接单量', '每日服务量', '日服务能力', 'daily_capacity'],
  qualifications: ['资质', '资质证书', 'qualifications'],
};

/** Fields whose source values usually need translating, per entity. */
const VALUE_MAP_FIELDS: Record<ImportEntity, string[]> = { residents: ['gender', 'tags'], households: ['lowIncome'], case_types: ['category', 'limitUnit', 'open311'], facilities: ['kind', 'active'], providers: ['active'] };

function guessMapping(entity: ImportEntity, columns: string[]): Mapping {
  const out: Record<string, string> = {};
  for (const f of IMPORT_FIELDS[entity]) {
    const hit = columns.find((c) => (SYNONYMS[f] ?? []).includes(c.trim().toLowerCase()));
    if (hit) out[f] = hit;
  }
  return { columns: out, valueMaps: { tags: { 独居: 'living_alone', 空巢: 'empty_nest', 残疾: 'disabled', 低保: 'low_income', 特困: 'special_hardship', 留守儿童: 'left_behind_child', 优抚: 'veteran', 慢性病: 'chronic_illness' } }, defaults: {} };
}

const mapText = (m: Record<string, string> | undefined) => Object.entries(m ?? {}).map(([k, v]) => `${k}=${v}`).join('\n');
const parseMap = (s: string) => Object.fromEntries(s.split('\n').map((l) => l.split('=').map((x) => x.trim())).filter((p) => p.length === 2 && p[0] && p[1]) as [string, string][]);

function JobPanel({ jobId, onAgain }: { jobId: string; onAgain: () => void }) {
  const { t } = useTranslation();
  const [job, setJob] = useState<ImportJob | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const j = await api.get<ImportJob>(`/api/imports/jobs/${jobId}`);
        if (!live) return;
        setJob(j);
        if (j.status === 'running') timer = setTimeout(() => void poll(), 400);
      } catch (err) {
        if (live) setError(err);
      }
    };
    void poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [jobId, tick]);

  if (error) return <ErrorState error={error} />;
  if (!job) return <PageLoading />;
  const refresh = () => setTick((n) => n + 1);
  const canStart = job.status !== 'running' && !(job.status === 'done' && !job.dryRun);
  return (
    <Card size="small" title={job.fileName} extra={<Tag>{t(`imports.status.${job.status}`)}</Tag>} data-testid="import-job" data-status={job.status}>
      {job.status === 'running' || job.status === 'done' || job.status === 'failed' || job.status === 'cancelled' ? <JobProgress job={job} onChanged={refresh} /> : null}
      {canStart ? <MappingForm job={job} onStarted={(j) => { setJob(j); refresh(); }} /> : null}
      {job.status !== 'running' && job.status !== 'uploaded' ? <JobErrors job={job} /> : null}
      <Button style={{ marginTop: 12 }} onClick={onAgain}>
        {t('imports.again')}
      </Button>
    </Card>
  );
}

function JobProgress({ job, onChanged }: { job: ImportJob; onChanged: () => void }) {
  const { t } = useTranslation();
  const counts = [
    ['processed', job.processedRows], ['created', job.createdRows], ['updated', job.updatedRows], ['unchanged', job.unchangedRows],
    ['matched', job.matchedRows], ['review', job.reviewRows], ['conflict', job.conflictRows], ['error', job.errorRows],
  ] as const;
  return (
    <Flex vertical gap={12} style={{ marginBottom: 12 }}>
      <div data-testid="import-progress" data-percent={Math.round(job.progress * 100)}>
        <Progress percent={Math.round(job.progress * 100)} status={job.status === 'failed' ? 'exception' : job.status === 'running' ? 'active' : job.status === 'cancelled' ? 'normal' : 'success'} />
      </div>
      {job.message ? <Alert type={job.status === 'failed' ? 'error' : 'info'} title={job.message} /> : null}
      {job.status === 'done' && job.dryRun ? <Alert type="success" title={t('imports.dryDone')} /> : null}
      <Flex wrap gap={16} data-testid="import-counts">
        {counts.map(([k, v]) => (
          <Statistic key={k} title={t(`imports.counts.${k}`)} value={v} styles={{ content: { fontSize: 20 } }} data-testid={`count-${k}`} />
        ))}
      </Flex>
      {job.status === 'running' ? (
        <Button danger onClick={() => void api.post(`/api/imports/jobs/${job.id}/cancel`).then(onChanged, (e: unknown) => showError(e))} data-testid="import-cancel" style={{ alignSelf: 'flex-start' }}>
          {t('imports.cancel')}
        </Button>
      ) : null}
    </Flex>
  );
}

function MappingForm({ job, onStarted }: { job: ImportJob; onStarted: (j: ImportJob) => void }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const initial = useMemo(() => job.mapping ?? guessMapping(job.entity, job.columns), [job]);
  const [columns, setColumns] = useState<Record<string, string>>(initial.columns);
  const [maps, setMaps] = useState<Record<string, string>>(() => Object.fromEntries(['gender', 'tags', 'lowIncome'].map((f) => [f, mapText(initial.valueMaps[f])])));
  const [dryRun, setDryRun] = useState(false);
  const [allOrNothing, setAllOrNothing] = useState(false);
  const [busy, setBusy] = useState(false);
  const fields = IMPORT_FIELDS[job.entity] as readonly string[];

  const start = async () => {
    setBusy(true);
    try {
      const mapping: Mapping = {
        columns: Object.fromEntries(Object.entries(columns).filter(([, v]) => v)),
        valueMaps: Object.fromEntries(Object.entries(maps).map(([f, s]) => [f, parseMap(s)]).filter(([, m]) => Object.keys(m as object).length)),
        defaults: {},
      };
      onStarted(await api.post<ImportJob>(`/api/imports/jobs/${job.id}/start`, { mapping, dryRun, allOrNothing }));
    } catch (err) {
      if (err instanceof ApiError && err.fields.length) feedback.error(err.fields.map((f) => `${t(`imports.fields.${f.path.split('.').pop()}`, { defaultValue: f.path })}: ${f.message}`).join('; '));
      else showError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex vertical gap={12} data-testid="mapping-form">
      <div>
        <Typography.Text strong>{t('imports.mapping')}</Typography.Text>
        <br />
        <Typography.Text type="secondary">{t('imports.mappingHint')}</Typography.Text>
      </div>
      <div style={{ display: 'grid', gridTemplateColumns: screens.md ? 'repeat(3, minmax(0, 1fr))' : '1fr', gap: 8 }}>
        {fields.map((f) => (
          <Flex key={f} align="center" gap={8}>
            <span style={{ width: 88, flex: 'none' }}>{t(`imports.fields.${f}`)}</span>
            <Select
              allowClear
              value={columns[f]}
              onChange={(v: string | undefined) => setColumns((c) => ({ ...c, [f]: v ?? '' }))}
              options={job.columns.map((c) => ({ value: c, label: c }))}
              placeholder={t('imports.none')}
              style={{ flex: 1, minWidth: 0 }}
              data-testid={`map-${f}`}
            />
          </Flex>
        ))}
      </div>
      <Typography.Text strong>{t('imports.valueMaps')}</Typography.Text>
      <div style={{ display: 'grid', gridTemplateColumns: screens.md ? 'repeat(3, minmax(0, 1fr))' : '1fr', gap: 8 }}>
        {VALUE_MAP_FIELDS[job.entity].map((f) => (
          <div key={f}>
            <Typography.Text type="secondary">{t(`imports.fields.${f}`)}</Typography.Text>
            <Input.TextArea rows={3} value={maps[f]} onChange={(e) => setMaps((m) => ({ ...m, [f]: e.target.value }))} placeholder={t('imports.valueMapHint')} />
          </div>
        ))}
      </div>
      <Typography.Text strong>{t('imports.preview')}</Typography.Text>
      <Table
        size="small"
        rowKey={(_, i) => String(i)}
        dataSource={job.preview}
        pagination={false}
        scroll={{ x: true }}
        columns={job.columns.map((c) => ({ title: c, dataIndex: c, key: c, ellipsis: true }))}
      />
      <Space wrap>
        <Checkbox checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} data-testid="dry-run">
          {t('imports.dryRun')}
        </Checkbox>
        <Checkbox checked={allOrNothing} onChange={(e) => setAllOrNothing(e.target.checked)}>
          {t('imports.allOrNothing')}
        </Checkbox>
        <Button type="primary" loading={busy} onClick={() => void start()} data-testid="import-start">
          {dryRun ? t('imports.startDry') : t('imports.start')}
        </Button>
      </Space>
    </Flex>
  );
}

function JobErrors({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const errors = useRequest((signal) => api.get<{ items: ImportRowError[] }>(`/api/imports/jobs/${job.id}/errors`, undefined, signal), [job.id, job.status, job.errorRows]);
  return (
    <Flex vertical gap={8} style={{ marginTop: 8 }} data-testid="import-errors">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Text strong>{t('imports.errors')}</Typography.Text>
        {job.errorRows > 0 ? (
          <Button icon={<DownloadOutlined />} href={`/api/imports/jobs/${job.id}/errors.csv`} data-testid="download-errors">
            {t('imports.downloadErrors')}
          </Button>
        ) : null}
      </Flex>
      <Table<ImportRowError>
        size="small"
        rowKey={(e) => `${e.rowNo}/${e.field}/${e.message}`}
        dataSource={errors.data?.items ?? []}
        loading={errors.loading}
        locale={{ emptyText: t('imports.noErrors') }}
        pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true }}
        onRow={() => ({ 'data-testid': 'error-row' }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('imports.row'), dataIndex: 'rowNo', width: 60 },
          { title: t('imports.field'), dataIndex: 'field', width: 110, render: (f: string) => t(`imports.fields.${f}`, { defaultValue: f }) },
          { title: t('imports.problem'), dataIndex: 'message' },
        ]}
      />
    </Flex>
  );
}

function ConflictsTab() {
  const { t } = useTranslation();
  const list = useRequest((signal) => api.get<{ items: ImportConflict[] }>('/api/imports/conflicts', undefined, signal), []);
  const decide = async (id: string, decision: 'keep' | 'replace') => {
    try {
      await api.post(`/api/imports/conflicts/${id}`, { decision });
      feedback.success(t('imports.decided'));
      list.reload();
    } catch (err) {
      showError(err);
    }
  };
  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} />;
  return (
    <Table<ImportConflict>
      rowKey="id"
      size="small"
      loading={list.loading}
      dataSource={list.data?.items ?? []}
      locale={{ emptyText: t('imports.noConflicts') }}
      scroll={{ x: true }}
      columns={[
        { title: t('imports.fields.name'), dataIndex: 'targetName' },
        { title: t('imports.field'), dataIndex: 'field', render: (f: string) => t(`imports.fields.${f}`, { defaultValue: f }) },
        { title: t('imports.current'), render: (_, c) => <span>{c.currentValue} <Typography.Text type="secondary">({c.currentSource})</Typography.Text></span> },
        { title: t('imports.incoming'), render: (_, c) => <span>{c.incomingValue} <Typography.Text type="secondary">({c.incomingSource})</Typography.Text></span> },
        {
          title: '', width: 200, render: (_, c) => (
            <Space wrap>
              <Button size="small" onClick={() => void decide(c.id, 'keep')}>{t('imports.keep')}</Button>
              <Button size="small" type="primary" onClick={() => void decide(c.id, 'replace')}>{t('imports.replace')}</Button>
            </Space>
          ),
        },
      ]}
    />
  );
}

function MatchesTab() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<'pending' | 'merged' | 'distinct'>('pending');
  const list = useRequest((signal) => api.get<{ items: MatchCandidate[] }>('/api/imports/matches', { status }, signal), [status]);
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      feedback.success(t('imports.decided'));
      list.reload();
    } catch (err) {
      showError(err);
    }
  };
  const side = (p: MatchCandidate['arrived']) => (
    <Descriptions size="small" column={1} items={[
      { key: 'n', label: t('imports.fields.name'), children: p.name },
      { key: 'b', label: t('imports.fields.birthDate'), children: p.birthDate },
      { key: 'p', label: t('imports.fields.phone'), children: p.phone ?? '—' },
      { key: 'i', label: t('imports.fields.idNumber'), children: p.idNumber ?? '—' },
      { key: 'a', label: t('imports.fields.address'), children: p.address ?? '—' },
    ]} />
  );
  return (
    <Flex vertical gap={12}>
      <Select value={status} onChange={setStatus} style={{ width: 160 }} options={[{ value: 'pending', label: t('imports.pending') }, { value: 'merged', label: t('imports.merged') }, { value: 'distinct', label: t('imports.distinctDone') }]} />
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
      {list.data && !list.data.items.length ? <Empty description={t('imports.noMatches')} /> : null}
      {list.data?.items.map((c) => (
        <Card key={c.id} size="small" data-testid="match-card" title={<span>{t('imports.score')} {(c.score * 100).toFixed(0)}%</span>}
          extra={
            c.status === 'pending' ? (
              <Space wrap>
                <Button size="small" onClick={() => void act(() => api.post(`/api/imports/matches/${c.id}`, { decision: 'distinct' }))}>{t('imports.distinct')}</Button>
                <Button size="small" type="primary" onClick={() => void act(() => api.post(`/api/imports/matches/${c.id}`, { decision: 'merge' }))} data-testid="match-merge">{t('imports.merge')}</Button>
              </Space>
            ) : c.mergeId ? (
              <Button size="small" onClick={() => void act(() => api.post(`/api/imports/merges/${c.mergeId}/undo`))}>{t('imports.undo')}</Button>
            ) : null
          }>
          <Flex wrap gap={16}>
            <div style={{ flex: '1 1 240px' }}>
              <Typography.Text type="secondary">{t('imports.arrived')}</Typography.Text>
              {side(c.arrived)}
            </div>
            <div style={{ flex: '1 1 240px' }}>
              <Typography.Text type="secondary">{t('imports.existing')}</Typography.Text>
              {side(c.existing)}
            </div>
          </Flex>
        </Card>
      ))}
    </Flex>
  );
}
