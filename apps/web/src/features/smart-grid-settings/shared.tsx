// What the settings tabs share: the catalogue as a tree, the departments, a case-type picker, a
// street-or-community picker, the dialog that saves a form, and the phone/desktop switch.
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Form, type FormInstance, Grid, Modal, TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseType } from '@linli/contracts';
import { api } from '../../lib/api.ts';
import { AreaTreeSelect } from '../../components/area-tree-select.tsx';
import { showError } from '../../lib/feedback.ts';
import { useRequest } from '../../lib/use-request.ts';
import { type Department, loadDepartments } from '../cases/actions.tsx';

export type { Department };

/** Tables on tablets and up; lists of cards on phones (antd's md breakpoint, as elsewhere). */
export function useDesktop(): boolean {
  return !!Grid.useBreakpoint().md;
}

export function useCatalogue() {
  return useRequest((signal) => api.get<{ items: CaseType[] }>('/api/case-types', undefined, signal).then((r) => r.items), []);
}

export function useDepartments(): Department[] {
  const [depts, setDepts] = useState<Department[]>([]);
  useEffect(() => {
    let live = true;
    loadDepartments()
      .then((d) => live && setDepts(d))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return depts;
}

/** "Parent / child / grandchild" for a type, from the flat catalogue. */
export function typePath(byId: ReadonlyMap<string, CaseType>, id: string): string {
  const names: string[] = [];
  for (let t = byId.get(id); t; t = t.parentId ? byId.get(t.parentId) : undefined) names.unshift(t.name);
  return names.join(' / ');
}

export function useLimitText() {
  const { t } = useTranslation();
  return (type: Pick<CaseType, 'limitValue' | 'limitUnit'>) => (type.limitValue && type.limitUnit ? `${type.limitValue} ${t(`sgs.unit.${type.limitUnit}`)}` : t('sgs.types.noLimit'));
}

/** A case type (group or leaf) from the catalogue, searchable by name or code. */
export function CaseTypeSelect({ types, value, onChange, id, testId, placeholder, allowClear }: { types: CaseType[]; value?: string | null; onChange?: (v: string | null) => void; id?: string; testId?: string; placeholder?: string; allowClear?: boolean }) {
  const data = useMemo(() => types.map((x) => ({ id: x.id, pId: x.parentId ?? undefined, value: x.id, title: `${x.name} · ${x.code}`, disabled: !x.active })), [types]);
  return (
    <TreeSelect
      id={id}
      treeDataSimpleMode
      treeData={data}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      showSearch={{ treeNodeFilterProp: 'title' }}
      allowClear={allowClear}
      placeholder={placeholder}
      style={{ width: '100%' }}
      popupMatchSelectWidth
      data-testid={testId}
    />
  );
}

const RULE_LEVELS = ['street', 'community'] as const;

/** A street, or a community within one (opened on demand): what a dispatch rule may cover. */
export function StreetCommunitySelect(props: { value?: string | null; onChange?: (v: string | null) => void; id?: string; testId?: string; placeholder?: string; allowClear?: boolean }) {
  return <AreaTreeSelect mode="area" levels={RULE_LEVELS} {...props} />;
}

/**
 * A dialog holding one form that is sent to the server on OK; a refusal puts the server's field
 * errors on the form's fields (anything else becomes a toast) and keeps the dialog open.
 */
export function FormModal<T extends object>({ title, form, initialValues, send, onClose, testId, children }: { title: ReactNode; form: FormInstance<T>; initialValues: Partial<T>; send: (v: T) => Promise<void>; onClose: () => void; testId: string; children: ReactNode }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const submit = async (v: T) => {
    setBusy(true);
    try {
      await send(v);
    } catch (err) {
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={title} onCancel={onClose} onOk={() => form.submit()} okText={t('app.save')} cancelText={t('app.cancel')} confirmLoading={busy} okButtonProps={{ 'data-testid': `${testId}-submit` } as never} destroyOnHidden>
      <Form<T> form={form} layout="vertical" initialValues={initialValues} onFinish={(v) => void submit(v)} data-testid={`${testId}-form`}>
        {children}
      </Form>
    </Modal>
  );
}
