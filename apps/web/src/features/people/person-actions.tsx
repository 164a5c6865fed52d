// Quick actions on one resident: tag vulnerability, move to another building, view the household.
import { useState } from 'react';
import { Alert, Button, Checkbox, Descriptions, Drawer, Flex, Form, Grid, Input, Modal, Switch, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Household, Person } from '@linli/contracts';
import { api, ApiError } from '../../lib/api.ts';
import { feedback, showError } from '../../lib/feedback.ts';
import { useRequest } from '../../lib/use-request.ts';
import { PersonTags, TAG_KEYS } from '../../components/labels.tsx';
import { ErrorState, PageLoading } from '../../components/states.tsx';
import { BuildingPicker, HouseholdPicker } from './pickers.tsx';
import { ItemList, ItemRow } from '../../components/item-list.tsx';

export function TagModal({ person, onClose, onSaved }: { person: Person; onClose: () => void; onSaved: (p: Person) => void }) {
  const { t } = useTranslation();
  const [tags, setTags] = useState<string[]>(person.tags);
  const [busy, setBusy] = useState(false);
  const [current, setCurrent] = useState(person);
  const [conflict, setConflict] = useState(false);

  const save = async () => {
    setBusy(true);
    try {
      // UpdatePerson still carries PersonInput's defaults (relation 'head', tags []), so send relation too.
      const saved = await api.patch<Person>(`/api/persons/${person.id}`, { tags, relation: current.relation, version: current.version });
      feedback.success(t('community.updated'));
      onSaved(saved);
      onClose();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        feedback.error(t('community.conflict'));
        setConflict(true);
        const latest = await api.get<Person>(`/api/persons/${person.id}`).catch(() => null);
        if (latest) {
          setCurrent(latest);
          setTags(latest.tags);
          onSaved(latest);
        }
      } else showError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open title={`${t('community.tagResident')} · ${person.name}`} onCancel={onClose} onOk={() => void save()} confirmLoading={busy} okText={t('app.save')} cancelText={t('app.cancel')} destroyOnHidden>
      {conflict ? <Alert type="warning" showIcon title={t('community.conflict')} style={{ marginBottom: 12 }} /> : null}
      <Checkbox.Group
        value={tags}
        onChange={(v) => setTags(v)}
        options={TAG_KEYS.map((k) => ({ value: k, label: t(`tags.${k}`) }))}
        style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(140px, 1fr))', gap: 8 }}
        data-testid="tag-checkboxes"
      />
    </Modal>
  );
}

interface MoveForm {
  buildingId: string;
  room: string;
  householdId?: string;
}

export function MoveModal({ person, communityId, onClose, onSaved }: { person: Person; communityId: string; onClose: () => void; onSaved: (p: Person) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<MoveForm>();
  const [busy, setBusy] = useState(false);
  const buildingId = Form.useWatch('buildingId', form);

  const submit = async (v: MoveForm) => {
    setBusy(true);
    try {
      const saved = await api.post<Person>(`/api/persons/${person.id}/move`, { buildingId: v.buildingId, room: v.room.trim(), ...(v.householdId ? { householdId: v.householdId } : {}) });
      feedback.success(t('community.moved'));
      onSaved(saved);
      onClose();
    } catch (err) {
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open title={`${t('community.moveResident')} · ${person.name}`} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} okText={t('app.save')} cancelText={t('app.cancel')} destroyOnHidden>
      {person.address ? <p className="muted">{person.address}</p> : null}
      <Form<MoveForm> form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="move-form">
        <Form.Item name="buildingId" label={t('community.moveTarget')} rules={[{ required: true, message: t('community.required') }]}>
          <BuildingPicker rootId={communityId} onChange={() => form.setFieldsValue({ householdId: undefined })} />
        </Form.Item>
        <Form.Item name="room" label={t('community.room')} rules={[{ required: true, whitespace: true, message: t('community.required') }, { max: 20 }]}>
          <Input placeholder="2-101" />
        </Form.Item>
        <Form.Item name="householdId" label={t('community.joinHousehold')}>
          <HouseholdPicker
            buildingId={buildingId}
            onChange={(id) => {
              form.setFieldsValue({ householdId: id });
            }}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** One household and its members. */
export function HouseholdDrawer({ householdId, onClose, onOpenPerson, canEdit }: { householdId: string; onClose: () => void; onOpenPerson?: (p: Person) => void; canEdit?: boolean }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const { data, error, loading, reload, setData } = useRequest((signal) => api.get<Household>(`/api/households/${householdId}`, undefined, signal), [householdId]);
  return (
    <Drawer open onClose={onClose} title={t('community.household')} size={screens.md ? 520 : '100%'} data-testid="household-drawer">
      {loading && !data ? (
        <PageLoading />
      ) : error ? (
        <ErrorState error={error} onRetry={reload} />
      ) : data ? (
        <>
          {canEdit ? <HouseholdEditor household={data} onSaved={(h) => setData({ ...h, members: h.members ?? data.members })} /> : null}
          <HouseholdView household={data} onOpenPerson={onOpenPerson} />
        </>
      ) : null}
    </Drawer>
  );
}

/** Room number and the low-income flag of a household; saves with the version seen. */
function HouseholdEditor({ household, onSaved }: { household: Household; onSaved: (h: Household) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ room: string; lowIncome: boolean }>();
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState(false);
  const save = async (v: { room: string; lowIncome: boolean }) => {
    setBusy(true);
    try {
      const body = { ...(v.room.trim() !== household.room ? { room: v.room.trim() } : {}), ...(v.lowIncome !== household.lowIncome ? { lowIncome: v.lowIncome } : {}), version: household.version };
      onSaved(await api.patch<Household>(`/api/households/${household.id}`, body));
      setConflict(false);
      feedback.success(t('community.updated'));
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        setConflict(true);
        const latest = await api.get<Household>(`/api/households/${household.id}`).catch(() => null);
        if (latest) {
          onSaved(latest);
          form.setFieldsValue({ room: latest.room, lowIncome: latest.lowIncome });
        }
      } else showError(err, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="vertical" initialValues={{ room: household.room, lowIncome: household.lowIncome }} onFinish={(v) => void save(v)} data-testid="household-form" style={{ marginBottom: 16 }}>
      {conflict ? <Alert type="warning" showIcon title={t('community.conflict')} style={{ marginBottom: 12 }} /> : null}
      <Flex gap={12} align="end" wrap>
        <Form.Item name="room" label={t('community.room')} rules={[{ required: true, whitespace: true, message: t('community.required') }, { max: 20 }]} style={{ marginBottom: 0, flex: '1 1 140px' }}>
          <Input />
        </Form.Item>
        <Form.Item name="lowIncome" label={t('community.lowIncomeHousehold')} valuePropName="checked" style={{ marginBottom: 0 }}>
          <Switch data-testid="household-low-income" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="household-save">
          {t('app.save')}
        </Button>
      </Flex>
    </Form>
  );
}

export function HouseholdView({ household, onOpenPerson }: { household: Household; onOpenPerson?: (p: Person) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <Descriptions column={1} size="small" bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('community.address')}>{household.address}</Descriptions.Item>
        <Descriptions.Item label={t('community.room')}>{household.room}</Descriptions.Item>
        <Descriptions.Item label={t('community.members')}>{t('community.memberCount', { count: household.memberCount })}</Descriptions.Item>
        {household.lowIncome ? (
          <Descriptions.Item label={t('stats.lowIncome')}>
            <Tag color="red">{t('community.lowIncomeHousehold')}</Tag>
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      <ItemList header={t('community.members')} testId="household-members">
        {(household.members ?? []).map((m) => (
          <ItemRow
            key={m.id}
            onClick={onOpenPerson ? () => onOpenPerson(m) : undefined}
            testId="household-member"
            title={
              <span>
                <strong>{m.name}</strong> <span className="muted">· {t(`relation.${m.relation}`, { defaultValue: m.relation })} · {t(`gender.${m.gender}`)} · {m.age}</span>
              </span>
            }
            description={m.tags.length ? <PersonTags tags={m.tags} /> : undefined}
          />
        ))}
      </ItemList>
    </>
  );
}
