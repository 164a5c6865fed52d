// Forms of the shared hut: lend an item, post a need, offer help, create an activity, publish a
// micro-wish or a household seeking a pairing. Each opens in a drawer and sends one create request
// with an idempotency key, so a double tap on a phone creates one thing.
import { useState, type ReactNode } from 'react';
import { Button, Checkbox, DatePicker, Drawer, Form, Input, InputNumber, Radio, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { Availability, ItemCategory, SKILLS, SKILL_CATEGORIES, SKILL_CATEGORY_NAMES, type Activity, type Hut, type Need, type Offer, type Pairing, type ShareItem, type SkillCode, type Wish } from '@linli/contracts';
import { api, newIdempotencyKey } from '../../lib/api.ts';
import { useRequest } from '../../lib/use-request.ts';
import { feedback, showError } from '../../lib/feedback.ts';
import { hasRole, useMe, useSession } from '../../lib/session.tsx';
import { AreaTreeSelect } from '../../components/area-tree-select.tsx';
import { PersonPicker, PhotoField } from './shared.tsx';

const TARGET_GROUPS = ['all_residents', 'elderly', 'children', 'youth', 'disabled', 'low_income', 'families'] as const;

/** One drawer with one form: submit runs `send`, failures land on the fields they name. */
function FormDrawer<T>({ open, onClose, title, testId, ...form }: { open: boolean; onClose: () => void; title: string; testId: string } & DrawerFormProps<T>) {
  const { elderMode } = useSession();
  // Each opening gets a form of its own (its initial values, its idempotency key), even when the
  // drawer is opened again before its closing animation has ended.
  const [opening, setOpening] = useState(0);
  const [wasOpen, setWasOpen] = useState(open);
  if (open !== wasOpen) {
    setWasOpen(open);
    if (open) setOpening((n) => n + 1);
  }
  return (
    <Drawer open={open} onClose={onClose} title={title} size={elderMode ? 560 : 460} destroyOnHidden data-testid={testId}>
      <DrawerForm<T> key={opening} testId={testId} {...form} />
    </Drawer>
  );
}

interface DrawerFormProps<T> {
  initialValues?: Record<string, unknown>;
  send: (v: T, key: string) => Promise<void>;
  children: ReactNode;
  submit: string;
}

function DrawerForm<T>({ testId, initialValues, send, children, submit }: { testId: string } & DrawerFormProps<T>) {
  const { elderMode } = useSession();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  // One key per opening of the form: a retried or double-tapped submit creates one thing.
  const [key] = useState(newIdempotencyKey);
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={initialValues}
      onFinish={async (v: T) => {
        setBusy(true);
        try {
          await send(v, key);
          form.resetFields();
        } catch (err) {
          showError(err, form);
        } finally {
          setBusy(false);
        }
      }}
    >
      {children}
      <Button type="primary" htmlType="submit" loading={busy} block size={elderMode ? 'large' : undefined} data-testid={`${testId}-submit`}>
        {submit}
      </Button>
    </Form>
  );
}

function useHuts(open: boolean) {
  return useRequest((signal) => api.get<{ items: Hut[] }>('/api/huts', undefined, signal), [], open);
}

export function LendItemDrawer({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (i: ShareItem) => void }) {
  const { t } = useTranslation();
  const huts = useHuts(open);
  const me = useMe();
  return (
    <FormDrawer<{ title: string; category: string; description?: string; condition: string; deposit?: number; maxDays: number; keptAt: 'home' | 'hut'; hutId?: string; photoFileId?: string }>
      open={open}
      onClose={onClose}
      title={t('sharing.item.form.title')}
      testId="lend-form"
      submit={t('sharing.item.form.submit')}
      initialValues={{ category: 'tools', condition: 'good', maxDays: 7, keptAt: me.personId ? 'home' : 'hut', deposit: 0 }}
      send={async (v, key) => {
        const item = await api.post<ShareItem>('/api/share-items', { title: v.title, category: v.category, description: v.description ?? '', condition: v.condition, depositFen: Math.round((v.deposit ?? 0) * 100), maxDays: v.maxDays, keptAt: v.keptAt, hutId: v.keptAt === 'hut' ? v.hutId : undefined, photoFileId: v.photoFileId }, { idempotencyKey: key });
        feedback.success(t('sharing.item.created'));
        onCreated(item);
      }}
    >
      <Form.Item name="title" label={t('sharing.item.form.name')} rules={[{ required: true, max: 60 }]}>
        <Input data-testid="item-title-input" />
      </Form.Item>
      <Form.Item name="category" label={t('sharing.item.form.category')}>
        <Select options={ItemCategory.options.map((c) => ({ value: c, label: t(`sharing.category.${c}`) }))} data-testid="item-category" />
      </Form.Item>
      <Form.Item name="condition" label={t('sharing.item.form.condition')}>
        <Radio.Group options={(['new', 'good', 'fair', 'worn'] as const).map((c) => ({ value: c, label: t(`sharing.condition.${c}`) }))} />
      </Form.Item>
      <Form.Item name="deposit" label={t('sharing.item.form.deposit')}>
        <InputNumber min={0} max={5000} precision={2} style={{ width: '100%' }} data-testid="item-deposit" />
      </Form.Item>
      <Form.Item name="maxDays" label={t('sharing.item.form.maxDays')}>
        <InputNumber min={1} max={60} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="keptAt" label={t('sharing.item.form.keptAt')}>
        <Radio.Group options={(['home', 'hut'] as const).map((k) => ({ value: k, label: t(`sharing.keptAt.${k}`), disabled: k === 'home' && !me.personId }))} />
      </Form.Item>
      <Form.Item noStyle shouldUpdate={(a, b) => a.keptAt !== b.keptAt}>
        {({ getFieldValue }) =>
          getFieldValue('keptAt') === 'hut' ? (
            <Form.Item name="hutId" label={t('sharing.item.form.hut')} rules={[{ required: true }]}>
              <Select options={(huts.data?.items ?? []).map((h) => ({ value: h.id, label: h.name }))} loading={huts.loading} />
            </Form.Item>
          ) : null
        }
      </Form.Item>
      <Form.Item name="description" label={t('sharing.item.form.description')}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
      <Form.Item name="photoFileId" label={t('sharing.item.form.photo')}>
        <PhotoField />
      </Form.Item>
    </FormDrawer>
  );
}

/** Skills grouped by their nine categories, in the user's language. */
function useSkillOptions() {
  const { i18n } = useTranslation();
  const en = i18n.language === 'en';
  return SKILL_CATEGORIES.map((c) => ({
    label: en ? SKILL_CATEGORY_NAMES[c].en : SKILL_CATEGORY_NAMES[c].zh,
    options: (Object.keys(SKILLS) as SkillCode[]).filter((k) => SKILLS[k].category === c).map((k) => ({ value: k, label: en ? SKILLS[k].en : SKILLS[k].zh })),
  }));
}

export function NeedDrawer({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (n: Need) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const staff = hasRole(me, 'community_staff', 'street_official', 'district_admin');
  const skills = useSkillOptions();
  return (
    <FormDrawer<{ skill: string; title: string; details?: string; availability: string[]; personId?: string }>
      open={open}
      onClose={onClose}
      title={t('sharing.skill.needForm.title')}
      testId="need-form"
      submit={t('sharing.skill.needForm.submit')}
      initialValues={{ availability: ['weekend'] }}
      send={async (v, key) => onCreated(await api.post<Need>('/api/needs', { ...v, details: v.details ?? '' }, { idempotencyKey: key }))}
    >
      {staff ? (
        <Form.Item name="personId" label={t('sharing.skill.needForm.person')} rules={[{ required: !me.personId }]}>
          <PersonPicker />
        </Form.Item>
      ) : null}
      <Form.Item name="skill" label={t('sharing.skill.needForm.skill')} rules={[{ required: true }]}>
        <Select options={skills} showSearch={{ optionFilterProp: 'label' }} data-testid="need-skill" />
      </Form.Item>
      <Form.Item name="title" label={t('sharing.skill.needForm.name')} rules={[{ required: true, min: 2, max: 80 }]}>
        <Input data-testid="need-title" />
      </Form.Item>
      <Form.Item name="availability" label={t('sharing.skill.needForm.when')} rules={[{ required: true }]}>
        <Checkbox.Group options={Availability.options.map((a) => ({ value: a, label: t(`sharing.when.${a}`) }))} />
      </Form.Item>
      <Form.Item name="details" label={t('sharing.skill.needForm.details')}>
        <Input.TextArea rows={3} maxLength={500} />
      </Form.Item>
    </FormDrawer>
  );
}

export function OfferDrawer({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (o: Offer) => void }) {
  const { t } = useTranslation();
  const huts = useHuts(open);
  const skills = useSkillOptions();
  const communities = [...new Map((huts.data?.items ?? []).map((h) => [h.communityId, h.communityName])).entries()];
  return (
    <FormDrawer<{ title: string; details?: string; skills: string[]; availability: string[]; communityIds?: string[]; targetGroups: string[]; capacity: number }>
      open={open}
      onClose={onClose}
      title={t('sharing.skill.offerForm.title')}
      testId="offer-form"
      submit={t('sharing.skill.offerForm.submit')}
      initialValues={{ availability: ['weekend'], targetGroups: ['all_residents'], capacity: 3 }}
      send={async (v, key) => onCreated(await api.post<Offer>('/api/offers', { ...v, details: v.details ?? '', communityIds: v.communityIds ?? [] }, { idempotencyKey: key }))}
    >
      <Form.Item name="title" label={t('sharing.skill.offerForm.name')} rules={[{ required: true, min: 2, max: 80 }]}>
        <Input data-testid="offer-title" />
      </Form.Item>
      <Form.Item name="skills" label={t('sharing.skill.offerForm.skills')} rules={[{ required: true }]}>
        <Select mode="multiple" options={skills} showSearch={{ optionFilterProp: 'label' }} data-testid="offer-skills" />
      </Form.Item>
      <Form.Item name="availability" label={t('sharing.skill.offerForm.when')} rules={[{ required: true }]}>
        <Checkbox.Group options={Availability.options.map((a) => ({ value: a, label: t(`sharing.when.${a}`) }))} />
      </Form.Item>
      <Form.Item name="communityIds" label={t('sharing.skill.offerForm.communities')}>
        <Select mode="multiple" options={communities.map(([id, name]) => ({ value: id, label: name }))} showSearch={{ optionFilterProp: 'label' }} loading={huts.loading} />
      </Form.Item>
      <Form.Item name="targetGroups" label={t('sharing.skill.offerForm.groups')} rules={[{ required: true }]}>
        <Select mode="multiple" options={TARGET_GROUPS.map((g) => ({ value: g, label: t(`sharing.group.${g}`) }))} />
      </Form.Item>
      <Form.Item name="capacity" label={t('sharing.skill.offerForm.capacity')}>
        <InputNumber min={1} max={20} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="details" label={t('sharing.skill.offerForm.details')}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
    </FormDrawer>
  );
}

export function ActivityDrawer({ open, huts, onClose, onCreated }: { open: boolean; huts: Hut[]; onClose: () => void; onCreated: (a: Activity) => void }) {
  const { t } = useTranslation();
  const communities = [...new Map(huts.map((h) => [h.communityId, h.communityName])).entries()];
  return (
    <FormDrawer<{ communityId: string; hutId?: string; title: string; theme?: string; description?: string; place: string; startsAt: Dayjs; endsAt: Dayjs; capacity: number; targetGroup: string; roles?: string }>
      open={open}
      onClose={onClose}
      title={t('sharing.activity.form.title')}
      testId="activity-form"
      submit={t('sharing.activity.form.submit')}
      initialValues={{ communityId: communities[0]?.[0], hutId: huts[0]?.id, theme: huts[0]?.theme ?? '', place: huts[0]?.name, capacity: 30, targetGroup: 'all_residents', startsAt: dayjs().add(1, 'day').hour(9).minute(30).second(0), endsAt: dayjs().add(1, 'day').hour(11).minute(30).second(0) }}
      send={async (v, key) => {
        const roles = (v.roles ?? '').split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
          const m = /^(.*?)[\s,，:：]+(\d+)$/.exec(l);
          return m ? { name: m[1]!.trim(), slots: Number(m[2]) } : { name: l, slots: 1 };
        });
        onCreated(await api.post<Activity>('/api/activities', { communityId: v.communityId, hutId: v.hutId, title: v.title, theme: v.theme ?? '', description: v.description ?? '', place: v.place, startsAt: v.startsAt.toISOString(), endsAt: v.endsAt.toISOString(), capacity: v.capacity, targetGroup: v.targetGroup, roles }, { idempotencyKey: key }));
      }}
    >
      <Form.Item name="communityId" label={t('sharing.activity.form.community')} rules={[{ required: true }]}>
        <Select options={communities.map(([id, name]) => ({ value: id, label: name }))} showSearch={{ optionFilterProp: 'label' }} />
      </Form.Item>
      <Form.Item noStyle shouldUpdate={(a, b) => a.communityId !== b.communityId}>
        {({ getFieldValue }) => (
          <Form.Item name="hutId" label={t('sharing.activity.form.hut')}>
            <Select allowClear options={huts.filter((h) => h.communityId === getFieldValue('communityId')).map((h) => ({ value: h.id, label: h.name }))} />
          </Form.Item>
        )}
      </Form.Item>
      <Form.Item name="title" label={t('sharing.activity.form.name')} rules={[{ required: true, min: 2, max: 80 }]}>
        <Input data-testid="activity-title" />
      </Form.Item>
      <Form.Item name="theme" label={t('sharing.activity.form.theme')}>
        <Input maxLength={40} />
      </Form.Item>
      <Form.Item name="place" label={t('sharing.activity.form.place')} rules={[{ required: true }]}>
        <Input />
      </Form.Item>
      <Form.Item name="startsAt" label={t('sharing.activity.form.starts')} rules={[{ required: true }]}>
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="endsAt" label={t('sharing.activity.form.ends')} rules={[{ required: true }]}>
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="capacity" label={t('sharing.activity.form.capacity')} rules={[{ required: true }]}>
        <InputNumber min={1} max={10000} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="targetGroup" label={t('sharing.activity.form.group')}>
        <Select options={TARGET_GROUPS.map((g) => ({ value: g, label: t(`sharing.group.${g}`) }))} />
      </Form.Item>
      <Form.Item name="roles" label={t('sharing.activity.form.roles')}>
        <Input.TextArea rows={3} placeholder={'签到 2\n摄影 1'} />
      </Form.Item>
      <Form.Item name="description" label={t('sharing.activity.form.description')}>
        <Input.TextArea rows={3} maxLength={1000} />
      </Form.Item>
    </FormDrawer>
  );
}

export function WishDrawer({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (w: Wish) => void }) {
  const { t } = useTranslation();
  return (
    <FormDrawer<{ personId: string; title: string; story: string; category: string; neededBy?: Dayjs }>
      open={open}
      onClose={onClose}
      title={t('sharing.wish.form.title')}
      testId="wish-form"
      submit={t('sharing.wish.form.submit')}
      initialValues={{ category: 'goods' }}
      send={async (v, key) => onCreated(await api.post<Wish>('/api/wishes', { ...v, neededBy: v.neededBy ? v.neededBy.format('YYYY-MM-DD') : undefined }, { idempotencyKey: key }))}
    >
      <Form.Item name="personId" label={t('sharing.wish.form.person')} rules={[{ required: true }]}>
        <PersonPicker tag="living_alone" />
      </Form.Item>
      <Form.Item name="title" label={t('sharing.wish.form.name')} rules={[{ required: true, min: 2, max: 60 }]}>
        <Input data-testid="wish-title" />
      </Form.Item>
      <Form.Item name="category" label={t('sharing.wish.form.category')}>
        <Radio.Group options={(['goods', 'service', 'companionship'] as const).map((c) => ({ value: c, label: t(`sharing.wish.category.${c}`) }))} />
      </Form.Item>
      <Form.Item name="story" label={t('sharing.wish.form.story')} rules={[{ required: true, max: 500 }]}>
        <Input.TextArea rows={3} data-testid="wish-story" />
      </Form.Item>
      <Form.Item name="neededBy" label={t('sharing.wish.form.neededBy')}>
        <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
      </Form.Item>
    </FormDrawer>
  );
}

export function PairingDrawer({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (p: Pairing) => void }) {
  const { t } = useTranslation();
  return (
    <FormDrawer<{ personId: string; visitEveryDays: number; note?: string }>
      open={open}
      onClose={onClose}
      title={t('sharing.pairing.form.title')}
      testId="pairing-form"
      submit={t('sharing.pairing.form.submit')}
      initialValues={{ visitEveryDays: 14 }}
      send={async (v, key) => onCreated(await api.post<Pairing>('/api/pairings', v, { idempotencyKey: key }))}
    >
      <Form.Item name="personId" label={t('sharing.pairing.form.person')} rules={[{ required: true }]}>
        <PersonPicker tag="living_alone" />
      </Form.Item>
      <Form.Item name="visitEveryDays" label={t('sharing.pairing.form.every')}>
        <InputNumber min={1} max={180} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="note" label={t('sharing.pairing.form.note')}>
        <Input.TextArea rows={3} maxLength={300} />
      </Form.Item>
    </FormDrawer>
  );
}

/** Open a hut in a community, or change one: address, opening hours and its keepers. */
export function HutDrawer({ open, hut, onClose, onSaved }: { open: boolean; hut?: Hut; onClose: () => void; onSaved: (h: Hut) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  // Community staff open huts in their own community: start there.
  const home = me.roles.find((r) => r.role === 'community_staff')?.areaId;
  type Values = { communityId?: string; name: string; address: string; openingHours?: string; keeperUsernames?: string[] };
  return (
    <FormDrawer<Values>
      open={open}
      onClose={onClose}
      title={hut ? t('sharing.huts.form.editTitle', { name: hut.name }) : t('sharing.huts.form.createTitle')}
      testId="hut-form"
      submit={hut ? t('sharing.huts.form.submitEdit') : t('sharing.huts.form.submitCreate')}
      initialValues={hut ? { name: hut.name, address: hut.address, openingHours: hut.openingHours, keeperUsernames: hut.keepers.map((k) => k.username) } : { communityId: home, keeperUsernames: [] }}
      send={async (v, key) => {
        const body = { name: v.name, address: v.address, openingHours: v.openingHours ?? '', keeperUsernames: v.keeperUsernames ?? [] };
        const saved = hut ? await api.patch<Hut>(`/api/huts/${hut.id}`, body) : await api.post<Hut>('/api/huts', { ...body, communityId: v.communityId }, { idempotencyKey: key });
        feedback.success(hut ? t('sharing.huts.saved') : t('sharing.huts.created'));
        onSaved(saved);
      }}
    >
      {hut ? null : (
        <Form.Item name="communityId" label={t('sharing.huts.form.community')} rules={[{ required: true }]}>
          <AreaTreeSelect mode="area" />
        </Form.Item>
      )}
      <Form.Item name="name" label={t('sharing.huts.form.name')} rules={[{ required: true, min: 2, max: 64 }]}>
        <Input data-testid="hut-name-input" />
      </Form.Item>
      <Form.Item name="address" label={t('sharing.huts.form.address')} rules={[{ required: true, max: 120 }]}>
        <Input data-testid="hut-address-input" />
      </Form.Item>
      <Form.Item name="openingHours" label={t('sharing.huts.form.openingHours')} extra={t('sharing.huts.form.openingHoursHint')} rules={[{ max: 120 }]}>
        <Input data-testid="hut-hours-input" />
      </Form.Item>
      <Form.Item name="keeperUsernames" label={t('sharing.huts.form.keepers')} extra={t('sharing.huts.form.keepersHint')}>
        <Select mode="tags" tokenSeparators={[',', '，', ' ']} open={false} suffixIcon={null} data-testid="hut-keepers-input" />
      </Form.Item>
    </FormDrawer>
  );
}
