// Forms of the deliberation feature: open a ballot, raise a topic, schedule and record a meeting,
// register a property unit with its owners.
import { useState } from 'react';
import { Button, DatePicker, Drawer, Form, Input, InputNumber, Modal, Segmented, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { MAJOR_MATTERS, OwnersMatter, type BallotDetail, type Meeting, type Person, type PropertyUnit, type TopicDetail } from '@linli/contracts';
import { api, type Paged } from '../../lib/api.ts';
import { useRequest } from '../../lib/use-request.ts';
import { feedback, showError } from '../../lib/feedback.ts';
import { useSession } from '../../lib/session.tsx';
import { AreaTreeSelect } from '../../components/area-tree-select.tsx';

const lines = (s: string | undefined) => (s ?? '').split('\n').map((x) => x.trim()).filter(Boolean);

export function CreateBallotDrawer({ open, onClose, onCreated, topicId, areaId }: { open: boolean; onClose: () => void; onCreated: (b: BallotDetail) => void; topicId?: string; areaId?: string }) {
  const { t } = useTranslation();
  const { elderMode } = useSession();
  const [form] = Form.useForm();
  const kind = Form.useWatch('kind', form) as string | undefined;
  const [busy, setBusy] = useState(false);
  const submit = async (v: { title: string; description?: string; kind: string; matter?: string; options?: string; maxChoices?: number; areaId: string; opensAt?: Dayjs; closesAt: Dayjs; resultsVisibility: string; secrecy: string }) => {
    setBusy(true);
    try {
      const b = await api.post<BallotDetail>('/api/ballots', {
        title: v.title,
        description: v.description ?? '',
        kind: v.kind,
        matter: v.kind === 'owners' ? v.matter : undefined,
        options: v.kind === 'single' || v.kind === 'multiple' ? lines(v.options) : undefined,
        maxChoices: v.kind === 'multiple' ? v.maxChoices : undefined,
        areaId: v.areaId,
        topicId,
        opensAt: v.opensAt ? v.opensAt.toISOString() : undefined,
        closesAt: v.closesAt.toISOString(),
        resultsVisibility: v.resultsVisibility,
        secrecy: v.secrecy,
      });
      feedback.success(t('deliberation.create.created'));
      form.resetFields();
      onCreated(b);
    } catch (err) {
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Drawer open={open} onClose={onClose} title={t('deliberation.create.title')} size={elderMode ? 560 : 480} destroyOnHidden data-testid="ballot-form">
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{ kind: 'yes_no', resultsVisibility: 'after_close', secrecy: 'secret', areaId, closesAt: dayjs().add(7, 'day').startOf('hour') }}
      >
        <Form.Item name="title" label={t('deliberation.create.name')} rules={[{ required: true, max: 80 }]}>
          <Input data-testid="ballot-title-input" />
        </Form.Item>
        <Form.Item name="description" label={t('deliberation.create.description')}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        <Form.Item name="kind" label={t('deliberation.create.kind')}>
          <Select options={(['yes_no', 'single', 'multiple', 'owners'] as const).map((k) => ({ value: k, label: t(`deliberation.kind.${k}`) }))} />
        </Form.Item>
        {kind === 'owners' ? (
          <Form.Item name="matter" label={t('deliberation.create.matter')} rules={[{ required: true }]}>
            <Select
              options={OwnersMatter.options.map((m) => ({ value: m, label: `${t(`deliberation.matter.${m}`)}${MAJOR_MATTERS.includes(m) ? ' (¾)' : ''}` }))}
            />
          </Form.Item>
        ) : null}
        {kind === 'single' || kind === 'multiple' ? (
          <Form.Item name="options" label={t('deliberation.create.options')} rules={[{ required: true }]}>
            <Input.TextArea rows={4} />
          </Form.Item>
        ) : null}
        {kind === 'multiple' ? (
          <Form.Item name="maxChoices" label={t('deliberation.create.maxChoices')}>
            <InputNumber min={1} max={20} />
          </Form.Item>
        ) : null}
        <Form.Item name="areaId" label={t('deliberation.create.area')} rules={[{ required: true }]}>
          <AreaTreeSelect mode="area" />
        </Form.Item>
        <Form.Item name="opensAt" label={t('deliberation.create.opensAt')}>
          <DatePicker showTime format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="closesAt" label={t('deliberation.create.closesAt')} rules={[{ required: true }]}>
          <DatePicker showTime format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="resultsVisibility" label={t('deliberation.create.resultsVisibility')}>
          <Segmented options={[{ value: 'after_close', label: t('deliberation.create.afterClose') }, { value: 'live', label: t('deliberation.create.live') }]} />
        </Form.Item>
        <Form.Item name="secrecy" label={t('deliberation.create.secrecy')}>
          <Segmented options={[{ value: 'secret', label: t('deliberation.create.secretOpt') }, { value: 'open', label: t('deliberation.create.openOpt') }]} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy} data-testid="ballot-submit">
          {t('app.submit')}
        </Button>
      </Form>
    </Drawer>
  );
}

export function RaiseTopicModal({ open, onClose, onRaised, manager }: { open: boolean; onClose: () => void; onRaised: (t: TopicDetail) => void; manager: boolean }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const areas = useRequest((signal) => api.get<{ items: { id: string; name: string; level: string }[] }>('/api/topics/areas', undefined, signal), [], open);
  return (
    <Modal open={open} onCancel={onClose} title={t('deliberation.topic.raiseTitle')} footer={null} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v: { areaId: string; title: string; body: string }) => {
          try {
            const topic = await api.post<TopicDetail>('/api/topics', v);
            feedback.success(t('deliberation.topic.raised'));
            form.resetFields();
            onRaised(topic);
          } catch (err) {
            showError(err, form);
          }
        }}
      >
        <Form.Item name="areaId" label={t('deliberation.topic.area')} rules={[{ required: true }]}>
          {manager ? (
            <AreaTreeSelect mode="area" />
          ) : (
            <Select data-testid="topic-area" options={(areas.data?.items ?? []).map((a) => ({ value: a.id, label: `${a.name}（${t(`levels.${a.level}`)}）` }))} />
          )}
        </Form.Item>
        <Form.Item name="title" label={t('deliberation.topic.name')} rules={[{ required: true, max: 80 }]}>
          <Input data-testid="topic-title-input" />
        </Form.Item>
        <Form.Item name="body" label={t('deliberation.topic.body')} rules={[{ required: true, max: 4000 }]}>
          <Input.TextArea rows={5} data-testid="topic-body-input" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block data-testid="topic-submit">
          {t('app.submit')}
        </Button>
      </Form>
    </Modal>
  );
}

export function ScheduleMeetingModal({ open, topicId, onClose, onDone }: { open: boolean; topicId: string; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  return (
    <Modal open={open} onCancel={onClose} title={t('deliberation.meeting.schedule')} footer={null} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ placeKind: 'hut', startsAt: dayjs().add(3, 'day').hour(19).minute(30) }}
        onFinish={async (v: { title: string; startsAt: Dayjs; placeKind: 'hut' | 'online'; place: string; agenda: string; invitees?: string }) => {
          try {
            await api.post<Meeting>('/api/meetings', {
              topicId, title: v.title, startsAt: v.startsAt.toISOString(), placeKind: v.placeKind, place: v.place, agenda: lines(v.agenda), invitees: lines(v.invitees).map((name) => ({ name })),
            });
            feedback.success(t('deliberation.meeting.created'));
            onDone();
          } catch (err) {
            showError(err, form);
          }
        }}
      >
        <Form.Item name="title" label={t('deliberation.meeting.title')} rules={[{ required: true, max: 80 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="startsAt" label={t('deliberation.meeting.startsAt')} rules={[{ required: true }]}>
          <DatePicker showTime format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="placeKind" label={t('deliberation.meeting.placeKind')}>
          <Segmented options={[{ value: 'hut', label: t('deliberation.meeting.hut') }, { value: 'online', label: t('deliberation.meeting.online') }]} />
        </Form.Item>
        <Form.Item name="place" label={t('deliberation.meeting.place')} rules={[{ required: true, max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="agenda" label={t('deliberation.meeting.agenda')} rules={[{ required: true }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="invitees" label={t('deliberation.meeting.invitees')}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block>
          {t('app.submit')}
        </Button>
      </Form>
    </Modal>
  );
}

export function RecordMeetingModal({ meeting, onClose, onDone }: { meeting: Meeting | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  return (
    <Modal open={!!meeting} onCancel={onClose} title={t('deliberation.meeting.record')} footer={null} destroyOnHidden>
      {meeting ? (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ attended: meeting.invitees.map((i) => i.id) }}
          onFinish={async (v: { minutes: string; decisions?: string; attended: string[] }) => {
            try {
              await api.post(`/api/meetings/${meeting.id}/record`, {
                minutes: v.minutes,
                decisions: lines(v.decisions),
                attendance: meeting.invitees.map((i) => ({ inviteeId: i.id, attended: v.attended.includes(i.id) })),
              });
              onDone();
            } catch (err) {
              showError(err, form);
            }
          }}
        >
          {meeting.invitees.length ? (
            <Form.Item name="attended" label={t('deliberation.meeting.attended')}>
              <Select mode="multiple" options={meeting.invitees.map((i) => ({ value: i.id, label: i.name }))} />
            </Form.Item>
          ) : null}
          <Form.Item name="minutes" label={t('deliberation.meeting.minutes')} rules={[{ required: true }]}>
            <Input.TextArea rows={5} />
          </Form.Item>
          <Form.Item name="decisions" label={t('deliberation.meeting.decisions')}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block>
            {t('app.submit')}
          </Button>
        </Form>
      ) : null}
    </Modal>
  );
}

/** Register a unit: its label, exclusive area as registered, and owners (co-owners share equally) or the developer. */
export function AddUnitForm({ buildingId, onAdded }: { buildingId: string; onAdded: (u: PropertyUnit) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const ownerType = Form.useWatch('ownerType', form) as string | undefined;
  const [search, setSearch] = useState('');
  const people = useRequest((signal) => api.get<Paged<Person>>('/api/persons', { q: search, pageSize: 20 }, signal), [search], search.length > 0);
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ ownerType: 'persons', owners: [] }}
      onFinish={async (v: { label: string; areaM2: string; ownerType: 'persons' | 'developer'; developerName?: string; owners: string[] }) => {
        try {
          const u = await api.post<PropertyUnit>('/api/property-units', {
            buildingId, label: v.label, areaM2: v.areaM2, ownerType: v.ownerType, developerName: v.ownerType === 'developer' ? v.developerName : undefined,
            owners: v.ownerType === 'persons' ? v.owners.map((personId) => ({ personId, share: `1/${v.owners.length}` })) : [],
          });
          feedback.success(t('deliberation.units.added'));
          form.resetFields(['label', 'areaM2', 'owners']);
          onAdded(u);
        } catch (err) {
          showError(err, form);
        }
      }}
      data-testid="unit-form"
    >
      <Form.Item name="label" label={t('deliberation.units.label')} rules={[{ required: true, max: 20 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="areaM2" label={t('deliberation.units.area')} rules={[{ required: true, pattern: /^\d{1,7}(\.\d{1,2})?$/ }]}>
        <Input inputMode="decimal" />
      </Form.Item>
      <Form.Item name="ownerType" label={t('deliberation.units.ownerType')}>
        <Segmented options={[{ value: 'persons', label: t('deliberation.units.persons') }, { value: 'developer', label: t('deliberation.units.developer') }]} />
      </Form.Item>
      {ownerType === 'developer' ? (
        <Form.Item name="developerName" label={t('deliberation.units.developerName')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
      ) : (
        <Form.Item name="owners" label={t('deliberation.units.owners')} rules={[{ required: true, type: 'array', min: 1 }]}>
          <Select
            mode="multiple"
            showSearch={{ filterOption: false, onSearch: setSearch }}
            placeholder={t('deliberation.units.searchOwner')}
            options={(people.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name}${p.address ? ` · ${p.address}` : ''}` }))}
          />
        </Form.Item>
      )}
      <Button type="primary" htmlType="submit" block>
        {t('deliberation.units.add')}
      </Button>
    </Form>
  );
}
