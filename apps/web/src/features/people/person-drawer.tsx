// Add or edit a resident in a drawer; edits carry the version seen, and a 409 reloads the latest record.
import { useEffect, useState } from 'react';
import { Alert, Button, Checkbox, DatePicker, Divider, Drawer, Form, Grid, Input, Radio, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { isValidIdNumber, type Person } from '@linli/contracts';
import { api, ApiError, newIdempotencyKey } from '../../lib/api.ts';
import { feedback, showError } from '../../lib/feedback.ts';
import { RELATIONS, TAG_KEYS } from '../../components/labels.tsx';
import { BuildingPicker, HouseholdPicker } from './pickers.tsx';
import { PersonProvenance, useCanSeeProvenance } from '../imports/person-provenance.tsx';

interface PersonForm {
  name: string;
  gender: 'male' | 'female';
  birthDate: Dayjs | null;
  idNumber?: string;
  phone?: string;
  relation: string;
  tags: string[];
  notes?: string;
  status?: string;
  householdMode?: 'new' | 'existing';
  buildingId?: string;
  room?: string;
  householdId?: string;
}

type Props = {
  open: boolean;
  onClose: () => void;
  onSaved: (p: Person) => void;
} & ({ mode: 'create'; communityId: string; person?: undefined } | { mode: 'edit'; person: Person; communityId?: string });

export function PersonDrawer(props: Props) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<PersonForm>();
  const [busy, setBusy] = useState(false);
  const [current, setCurrent] = useState<Person | undefined>(props.person);
  const [conflict, setConflict] = useState(false);
  // One key per opening of the drawer: a double click or a retry after a lost answer adds one resident.
  const [idemKey, setIdemKey] = useState(newIdempotencyKey);
  const mode = Form.useWatch('householdMode', form);
  const buildingId = Form.useWatch('buildingId', form);
  const editing = props.mode === 'edit';
  const canSeeProvenance = useCanSeeProvenance();

  useEffect(() => {
    if (!props.open) return;
    setConflict(false);
    setIdemKey(newIdempotencyKey());
    setCurrent(props.person);
    form.resetFields();
    if (props.person) form.setFieldsValue(toForm(props.person));
    else form.setFieldsValue({ gender: 'female', relation: 'head', tags: [], householdMode: 'new' });
  }, [props.open, props.person, form]);

  // A valid ID number already says the birth date and gender (GB 11643: digits 7-14, digit 17).
  const onIdChange = (value: string) => {
    const v = value.trim().toUpperCase();
    if (!isValidIdNumber(v)) return;
    const birth = dayjs(`${v.slice(6, 10)}-${v.slice(10, 12)}-${v.slice(12, 14)}`);
    form.setFieldsValue({ birthDate: birth, gender: Number(v[16]) % 2 === 1 ? 'male' : 'female' });
  };

  const submit = async (v: PersonForm) => {
    setBusy(true);
    try {
      const base = {
        name: v.name.trim(),
        gender: v.gender,
        birthDate: v.birthDate?.format('YYYY-MM-DD'),
        ...(v.idNumber?.trim() ? { idNumber: v.idNumber.trim().toUpperCase() } : {}),
        ...(v.phone?.trim() ? { phone: v.phone.trim() } : {}),
        relation: v.relation,
        tags: v.tags ?? [],
        ...(v.notes?.trim() ? { notes: v.notes.trim() } : {}),
      };
      let saved: Person;
      if (props.mode === 'create') {
        const where = v.householdMode === 'existing' ? { householdId: v.householdId } : { buildingId: v.buildingId, room: v.room?.trim() };
        saved = await api.post<Person>('/api/persons', { ...base, ...where }, { idempotencyKey: idemKey });
        feedback.success(t('community.created'));
      } else {
        const person = current ?? props.person;
        saved = await api.patch<Person>(`/api/persons/${person.id}`, { ...base, status: v.status, version: person.version });
        feedback.success(t('community.updated'));
      }
      props.onSaved(saved);
      props.onClose();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && props.mode === 'edit') {
        // Someone else saved first: show their version and let the user redo the change on top of it.
        setConflict(true);
        feedback.error(t('community.conflict'));
        try {
          const latest = await api.get<Person>(`/api/persons/${props.person.id}`);
          setCurrent(latest);
          form.setFieldsValue(toForm(latest));
          props.onSaved(latest);
        } catch (loadErr) {
          showError(loadErr);
        }
      } else showError(err, form);
    } finally {
      setBusy(false);
    }
  };

  const person = current ?? props.person;
  return (
    <Drawer
      open={props.open}
      onClose={props.onClose}
      title={editing ? `${t('community.editResident')} · ${person?.name ?? ''}` : t('community.addResident')}
      size={screens.md ? 520 : '100%'}
      destroyOnHidden
      data-testid="person-drawer"
      footer={
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={props.onClose}>{t('app.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="person-submit">
            {t('app.save')}
          </Button>
        </Space>
      }
    >
      {conflict ? <Alert type="warning" showIcon title={t('community.conflict')} style={{ marginBottom: 16 }} data-testid="conflict-alert" /> : null}
      <Form<PersonForm> form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="person-form" scrollToFirstError>
        <Form.Item name="name" label={t('community.name')} rules={[{ required: true, whitespace: true, message: t('community.required') }, { max: 50 }]}>
          <Input data-testid="person-name" autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label={t('community.idNumber')}
          extra={editing && person?.idNumber ? `${t('community.masked')}: ${person.idNumber}` : undefined}
          rules={[
            {
              validator: (_r, value?: string) =>
                !value || isValidIdNumber(value.trim().toUpperCase()) ? Promise.resolve() : Promise.reject(new Error(t('community.invalidIdNumber'))),
            },
          ]}
        >
          <Input maxLength={18} className="mono" onChange={(e) => onIdChange(e.target.value)} data-testid="person-id-number" autoComplete="off" />
        </Form.Item>
        <Form.Item name="gender" label={t('community.gender')} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'female', label: t('gender.female') },
              { value: 'male', label: t('gender.male') },
            ]}
          />
        </Form.Item>
        <Form.Item name="birthDate" label={t('community.birthDate')} rules={[{ required: true, message: t('community.required') }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs())} data-testid="person-birth-date" inputReadOnly={!screens.md} />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('community.phone')}
          extra={editing && person?.phone ? `${t('community.masked')}: ${person.phone}` : undefined}
          rules={[{ pattern: /^1[3-9]\d{9}$/, message: t('community.invalidPhone') }]}
        >
          <Input inputMode="tel" maxLength={11} data-testid="person-phone" autoComplete="off" />
        </Form.Item>
        <Form.Item name="relation" label={t('community.relation')} rules={[{ required: true }]}>
          <Select options={RELATIONS.map((r) => ({ value: r, label: t(`relation.${r}`) }))} />
        </Form.Item>
        <Form.Item name="tags" label={t('community.tags')}>
          <Checkbox.Group options={TAG_KEYS.map((k) => ({ value: k, label: t(`tags.${k}`) }))} className="tag-checkboxes" />
        </Form.Item>
        {editing ? (
          <Form.Item name="status" label={t('community.status')}>
            <Select options={(['active', 'moved_out', 'deceased'] as const).map((s) => ({ value: s, label: t(`status.${s}`) }))} />
          </Form.Item>
        ) : null}
        {props.mode === 'create' ? (
          <>
            <Form.Item name="householdMode" label={t('community.householdMode')}>
              <Radio.Group
                options={[
                  { value: 'new', label: t('community.newHousehold') },
                  { value: 'existing', label: t('community.existingHousehold') },
                ]}
                style={{ display: 'flex', flexDirection: 'column', gap: 6 }}
              />
            </Form.Item>
            <Form.Item name="buildingId" label={t('community.building')} rules={[{ required: true, message: t('community.required') }]}>
              <BuildingPicker rootId={props.communityId} />
            </Form.Item>
            {mode === 'existing' ? (
              <Form.Item name="householdId" label={t('community.household')} rules={[{ required: true, message: t('community.required') }]}>
                <HouseholdPicker buildingId={buildingId} />
              </Form.Item>
            ) : (
              <Form.Item name="room" label={t('community.room')} rules={[{ required: true, whitespace: true, message: t('community.required') }, { max: 20 }]}>
                <Input placeholder="1-302" data-testid="person-room" />
              </Form.Item>
            )}
          </>
        ) : null}
        <Form.Item name="notes" label={t('community.notes')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
      {editing && person && canSeeProvenance ? (
        <>
          <Divider titlePlacement="start">{t('imports.provenance.title')}</Divider>
          <PersonProvenance personId={person.id} />
        </>
      ) : null}
    </Drawer>
  );
}

function toForm(p: Person): PersonForm {
  return {
    name: p.name,
    gender: p.gender,
    birthDate: dayjs(p.birthDate),
    idNumber: '',
    phone: '',
    relation: p.relation,
    tags: p.tags,
    notes: p.notes ?? '',
    status: p.status,
  };
}
