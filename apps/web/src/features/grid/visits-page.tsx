// Visits to residents who need looking after (elderly living alone and others): who is overdue in
// the worker's grid, and recording a visit, into the running patrol or on its own.
import { useEffect, useState } from 'react';
import { Button, Card, Empty, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { OverdueVisit } from '@linli/contracts';
import { feedback, showError } from '../../lib/feedback.ts';
import { formatDate } from '../../lib/format.ts';
import { useMe } from '../../lib/session.tsx';
import { useRequest } from '../../lib/use-request.ts';
import { ItemList, ItemRow } from '../../components/item-list.tsx';
import { PersonTags } from '../../components/labels.tsx';
import { ErrorState, PageHeader, PageLoading } from '../../components/states.tsx';
import { cachedGet } from './offline/cached.ts';
import { outbox } from './offline/outbox.ts';
import { NetBanner, OutboxPanel, useGridWorker } from './shared.tsx';
import { loadPatrol, savePatrol, type DraftVisit } from './patrol-draft.ts';
import '../cases/cases.css';

type Overdue = z.infer<typeof OverdueVisit>;
const CONDITIONS = ['ok', 'needs_help', 'not_home', 'hospitalised'] as const;

function useOverdue() {
  const me = useMe();
  return useRequest((signal) => cachedGet<{ items: Overdue[]; total: number }>(me.id, '/api/visits/overdue', undefined, signal).then((r) => r.data), [me.id]);
}

export default function VisitsPage() {
  const { t } = useTranslation();
  const { grids, userId } = useGridWorker();
  const req = useOverdue();
  const [visiting, setVisiting] = useState<Overdue | null>(null);
  const [done, setDone] = useState<Set<string>>(new Set());

  const save = async (v: DraftVisit, person: Overdue) => {
    try {
      const draft = await loadPatrol(userId);
      if (draft) {
        await savePatrol(userId, { ...draft, visits: [...draft.visits.filter((x) => x.personId !== v.personId), v] });
        feedback.success(t('grid.visits.addedToPatrol'));
      } else {
        // No patrol running: the visit goes on its own, as a patrol record of just this visit.
        const grid = grids.find((g) => g.id === person.gridId) ?? grids[0];
        if (!grid) return;
        const now = new Date().toISOString();
        await outbox.enqueue('patrol', `${grid.name} · ${person.name}`, { gridId: grid.id, startedAt: now, endedAt: now, route: [], places: [], visits: [{ personId: v.personId, condition: v.condition, note: v.note, visitedAt: v.visitedAt }], notes: '' });
        feedback.success(t('grid.visits.saved'));
      }
      setDone((s) => new Set(s).add(person.personId));
      setVisiting(null);
    } catch (err) {
      showError(err);
    }
  };

  return (
    <div className="page visits-page narrow-page" data-testid="visits-page">
      <PageHeader title={t('grid.visits.title')} sub={t('grid.visits.intro')} />
      <NetBanner />
      {req.error ? (
        <ErrorState error={req.error} onRetry={req.reload} />
      ) : !req.data ? (
        <PageLoading />
      ) : req.data.items.length === 0 ? (
        <Empty description={t('grid.visits.empty')} />
      ) : (
        <ItemList testId="overdue-visits">
          {req.data.items.map((p) => (
            <ItemRow
              key={p.personId}
              testId="overdue-visit"
              data-person-id={p.personId}
              data-visited={done.has(p.personId)}
              title={
                <span>
                  {p.name} · {t('grid.visits.age', { age: p.age })} <PersonTags tags={p.tags} />
                </span>
              }
              description={
                <span>
                  {p.address ?? ''}
                  <br />
                  {p.lastVisitAt ? t('grid.visits.lastVisit', { date: formatDate(p.lastVisitAt), days: p.daysSince }) : t('grid.visits.never')} · {t('grid.visits.interval', { days: p.intervalDays })}
                </span>
              }
              extra={
                done.has(p.personId) ? (
                  <Typography.Text type="success">✓</Typography.Text>
                ) : (
                  <Button type="primary" onClick={() => setVisiting(p)} data-testid="record-visit">
                    {t('grid.visits.record')}
                  </Button>
                )
              }
            />
          ))}
        </ItemList>
      )}
      <Card size="small" style={{ marginTop: 16 }}>
        <OutboxPanel only="patrol" />
      </Card>
      {visiting ? <VisitModal person={visiting} onClose={() => setVisiting(null)} onSave={(v) => void save(v, visiting)} /> : null}
    </div>
  );
}

/** Record one visit: whom (chosen here when not given), how they are, and a note. */
export function VisitModal({ person, onClose, onSave }: { person?: Overdue; onClose: () => void; onSave: (v: DraftVisit) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ personId: string; condition: DraftVisit['condition']; note: string }>();
  const overdue = useOverdue();
  const [people, setPeople] = useState<Overdue[]>(person ? [person] : []);
  useEffect(() => {
    if (!person && overdue.data) setPeople(overdue.data.items);
  }, [person, overdue.data]);
  return (
    <Modal
      open
      title={person ? `${t('grid.visits.record')} · ${person.name}` : t('grid.visits.record')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'visit-save' } as never}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ personId: person?.personId, condition: 'ok', note: '' }}
        onFinish={(v) => onSave({ personId: v.personId, personName: people.find((p) => p.personId === v.personId)?.name ?? '', condition: v.condition, note: v.note ?? '', visitedAt: new Date().toISOString() })}
        requiredMark={false}
      >
        {!person ? (
          <Form.Item name="personId" label={t('grid.visits.title')} rules={[{ required: true }]}>
            <Select size="large" showSearch={{ optionFilterProp: 'label' }} options={people.map((p) => ({ value: p.personId, label: `${p.name}（${p.address ?? ''}）` }))} data-testid="visit-person" />
          </Form.Item>
        ) : (
          <Form.Item name="personId" hidden>
            <Input />
          </Form.Item>
        )}
        <Form.Item name="condition" label={t('grid.visits.note')}>
          <Radio.Group optionType="button" buttonStyle="solid" size="large" options={CONDITIONS.map((c) => ({ value: c, label: t(`grid.visits.condition.${c}`) }))} data-testid="visit-condition" />
        </Form.Item>
        <Form.Item name="note">
          <Input.TextArea rows={3} maxLength={500} placeholder={t('grid.visits.note')} data-testid="visit-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
