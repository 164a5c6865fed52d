// The working calendar of a year: public holidays (休) and make-up working days (班) on a month
// calendar. Tap a day to change it; the year's list is edited locally and saved at once, as the
// server replaces a year's rules whole (PUT /api/calendar/:year).
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Calendar, Card, Col, Flex, Form, Input, Modal, Radio, Row, Select, Tag, Typography } from 'antd';
import { DeleteOutlined, LeftOutlined, RightOutlined, SaveOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { z } from 'zod';
import { CalendarYear as CalendarYearSchema } from '@linli/contracts';
import { api } from '../../lib/api.ts';
import { feedback, showError } from '../../lib/feedback.ts';
import { districtToday } from '../../lib/format.ts';
import { useSession } from '../../lib/session.tsx';
import { useRequest } from '../../lib/use-request.ts';
import { ErrorState, PageLoading } from '../../components/states.tsx';
import { ItemList, ItemRow } from '../../components/item-list.tsx';

type CalendarYear = z.infer<typeof CalendarYearSchema>;
type Kind = 'holiday' | 'workday';
type Draft = Map<string, { kind: Kind; name: string }>;

function draftOf(data: CalendarYear): Draft {
  return new Map(data.days.map((d) => [d.day, { kind: d.kind, name: d.name }]));
}

export default function CalendarTab() {
  const { t, i18n } = useTranslation();
  const { elderMode } = useSession();
  const [month, setMonth] = useState<Dayjs>(() => dayjs(districtToday()));
  const year = month.year();
  const req = useRequest((signal) => api.get<CalendarYear>(`/api/calendar/${year}`, undefined, signal), [year]);
  const [draft, setDraft] = useState<Draft>(new Map());
  const [dirty, setDirty] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (req.data) {
      setDraft(draftOf(req.data));
      setDirty(false);
    }
  }, [req.data]);

  /** Move the calendar; leaving the year with unsaved edits asks first. */
  const goTo = (next: Dayjs, then?: () => void) => {
    if (next.year() !== year && dirty) {
      feedback.modal?.confirm({
        title: t('sgs.calendar.discardConfirm'),
        okText: t('sgs.calendar.discard'),
        cancelText: t('app.cancel'),
        onOk: () => {
          setDirty(false);
          setMonth(next);
        },
      });
      return;
    }
    setMonth(next);
    then?.();
  };

  const setDay = (day: string, value: { kind: Kind; name: string } | null) => {
    const next = new Map(draft);
    if (value) next.set(day, value);
    else next.delete(day);
    setDraft(next);
    setDirty(true);
  };

  const save = async () => {
    setSaving(true);
    try {
      const days = [...draft.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, v]) => ({ day, kind: v.kind, name: v.name }));
      req.setData(await api.put<CalendarYear>(`/api/calendar/${year}`, { days }));
      feedback.success(t('sgs.calendar.saved', { year }));
    } catch (err) {
      showError(err);
    } finally {
      setSaving(false);
    }
  };

  const special = useMemo(() => [...draft.entries()].sort(([a], [b]) => a.localeCompare(b)), [draft]);
  const today = districtToday();
  const thisYear = dayjs(today).year();
  const years = [thisYear - 1, thisYear, thisYear + 1, thisYear + 2];

  if (req.error) return <ErrorState error={req.error} onRetry={req.reload} />;
  if (!req.data) return <PageLoading />;

  const cell = (d: Dayjs) => {
    const day = d.format('YYYY-MM-DD');
    const rule = draft.get(day);
    const weekend = d.day() === 0 || d.day() === 6;
    const kind = rule?.kind ?? (weekend ? 'weekend' : 'normal');
    return (
      <div className={`sgs-day sgs-day-${kind}${day === today ? ' sgs-day-today' : ''}`} data-testid="calendar-day" data-day={day} data-kind={kind} title={rule?.name || undefined}>
        <span className="sgs-day-number">{d.date()}</span>
        <span className="sgs-day-mark">{rule ? (rule.kind === 'holiday' ? '休' : '班') : ''}</span>
      </div>
    );
  };

  const calendar = (
    <Card size="small" className="sgs-calendar-card">
      <Calendar
        fullscreen={false}
        value={month}
        onSelect={(d, info) => {
          if (info.source !== 'date') return;
          goTo(d, () => setEditing(d.format('YYYY-MM-DD')));
        }}
        fullCellRender={(d, info) => (info.type === 'date' ? cell(d) : info.originNode)}
        headerRender={() => (
          <Flex justify="space-between" align="center" gap={8} className="sgs-calendar-header">
            <Button icon={<LeftOutlined />} aria-label={t('sgs.calendar.prevMonth')} onClick={() => goTo(month.subtract(1, 'month'))} data-testid="calendar-prev" />
            <Flex gap={8} align="center">
              <Select
                value={year}
                onChange={(y: number) => goTo(month.year(y))}
                options={(years.includes(year) ? years : [...years, year].sort()).map((y) => ({ value: y, label: String(y) }))}
                aria-label={t('sgs.calendar.year')}
                data-testid="calendar-year"
                style={{ width: elderMode ? 120 : 96 }}
              />
              <Typography.Text strong data-testid="calendar-month" data-month={month.format('YYYY-MM')}>
                {new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-US' : 'zh-CN', { month: 'long' }).format(month.toDate())}
              </Typography.Text>
            </Flex>
            <Button icon={<RightOutlined />} aria-label={t('sgs.calendar.nextMonth')} onClick={() => goTo(month.add(1, 'month'))} data-testid="calendar-next" />
          </Flex>
        )}
        data-testid="calendar"
      />
      <Flex gap={12} wrap className="sgs-legend">
        <span>
          <span className="sgs-swatch sgs-day-holiday" /> {t('sgs.calendar.holiday')}
        </span>
        <span>
          <span className="sgs-swatch sgs-day-workday" /> {t('sgs.calendar.workday')}
        </span>
        <span>
          <span className="sgs-swatch sgs-day-weekend" /> {t('sgs.calendar.weekend')}
        </span>
      </Flex>
    </Card>
  );

  const list = (
    <Card size="small" title={t('sgs.calendar.list')}>
      {special.length ? (
        <ItemList testId="calendar-special-days" maxHeight={420}>
          {special.map(([day, v]) => (
            <ItemRow
              key={day}
              testId="calendar-special-day"
              data-day={day}
              data-kind={v.kind}
              onClick={() => goTo(dayjs(day), () => setEditing(day))}
              title={
                <span>
                  <span className="mono">{day}</span> <Tag color={v.kind === 'holiday' ? 'red' : 'orange'}>{t(`sgs.calendar.${v.kind}`)}</Tag>
                </span>
              }
              description={v.name || undefined}
              extra={
                <Button
                  size="small"
                  type="text"
                  icon={<DeleteOutlined />}
                  aria-label={t('sgs.calendar.remove')}
                  onClick={(e) => {
                    e.stopPropagation();
                    setDay(day, null);
                  }}
                  data-testid="calendar-remove-day"
                />
              }
            />
          ))}
        </ItemList>
      ) : (
        <Typography.Text type="secondary">{t('sgs.calendar.none')}</Typography.Text>
      )}
    </Card>
  );

  return (
    <div data-testid="calendar-tab" data-year={year} data-source={req.data.source} data-dirty={dirty}>
      <Typography.Paragraph type="secondary">{t('sgs.calendar.intro')}</Typography.Paragraph>
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <Tag color={req.data.source === 'district' ? 'green' : 'default'} data-testid="calendar-source">
          {t(`sgs.calendar.source.${req.data.source}`)}
        </Tag>
        {dirty ? <Tag color="orange">{t('sgs.calendar.unsaved')}</Tag> : null}
        <Button type="primary" icon={<SaveOutlined />} disabled={!dirty} loading={saving} onClick={() => void save()} data-testid="calendar-save">
          {t('sgs.calendar.save')}
        </Button>
        {dirty ? (
          <Button onClick={() => req.data && (setDraft(draftOf(req.data)), setDirty(false))} data-testid="calendar-discard">
            {t('sgs.calendar.discard')}
          </Button>
        ) : null}
      </Flex>
      {req.data.provisional ? <Alert type="warning" showIcon title={t('sgs.calendar.provisional')} style={{ marginBottom: 12 }} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} md={12} xl={10}>
          {calendar}
        </Col>
        <Col xs={24} md={12} xl={14}>
          {list}
        </Col>
      </Row>
      {editing ? (
        <DayModal
          day={editing}
          value={draft.get(editing) ?? null}
          onClose={() => setEditing(null)}
          onOk={(v) => {
            setDay(editing, v);
            setEditing(null);
          }}
        />
      ) : null}
    </div>
  );
}

function DayModal({ day, value, onClose, onOk }: { day: string; value: { kind: Kind; name: string } | null; onClose: () => void; onOk: (v: { kind: Kind; name: string } | null) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ kind: Kind | 'normal'; name: string }>();
  const kind = Form.useWatch('kind', form);
  return (
    <Modal
      open
      title={day}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('app.confirm')}
      cancelText={t('app.cancel')}
      okButtonProps={{ 'data-testid': 'day-ok' } as never}
      destroyOnHidden
      data-testid="day-modal"
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: value?.kind ?? 'normal', name: value?.name ?? '' }}
        onFinish={(v) => onOk(v.kind === 'normal' ? null : { kind: v.kind, name: (v.name ?? '').trim() })}
      >
        <Form.Item name="kind" label={t('sgs.calendar.kind')}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            className="sgs-radio-wrap"
            options={(['normal', 'holiday', 'workday'] as const).map((k) => ({ value: k, label: <span data-testid={`day-kind-${k}`}>{t(`sgs.calendar.${k}`)}</span> }))}
          />
        </Form.Item>
        {kind && kind !== 'normal' ? (
          <Form.Item name="name" label={t('sgs.calendar.name')} rules={[{ max: 40 }]}>
            <Input placeholder={t('sgs.calendar.namePlaceholder')} data-testid="day-name" />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
