// One ballot, phone first: what is asked and how secret it is, the voter's big buttons, the live
// owners' panel (quorum and approval against the art. 278 thresholds), results, and for staff the
// roll with paper-vote recording and closing. Updates live on `ballot.updated`.
import { useState } from 'react';
import { Alert, Button, Card, Flex, Form, Input, Modal, Segmented, Tag, Typography } from 'antd';
import { CheckCircleFilled, ClockCircleOutlined, LockOutlined, TeamOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { BallotDetail, MyElector, OwnersPanel, RollEntry } from '@linli/contracts';
import { api } from '../../lib/api.ts';
import { useRequest } from '../../lib/use-request.ts';
import { useLiveEvent } from '../../lib/live.tsx';
import { useSession } from '../../lib/session.tsx';
import { feedback, showError } from '../../lib/feedback.ts';
import { ErrorState, PageLoading } from '../../components/states.tsx';
import { ItemList, ItemRow } from '../../components/item-list.tsx';
import { BallotStatusTag, ThresholdBar, useOptionLabel, when } from './shared.tsx';
import './deliberation.css';

export default function BallotPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { elderMode } = useSession();
  const req = useRequest((signal) => api.get<BallotDetail>(`/api/ballots/${id}`, undefined, signal), [id]);
  const [rollTick, setRollTick] = useState(0);
  // Quietly fetch again when the server says the ballot changed: no reload, no spinner.
  const refresh = () => {
    void api.get<BallotDetail>(`/api/ballots/${id}`).then((d) => req.setData(d)).catch(() => undefined);
    setRollTick((n) => n + 1);
  };
  useLiveEvent('ballot.updated', (data) => {
    if (data && typeof data === 'object' && (data as { id?: string }).id === id) refresh();
  });

  if (req.error) return <ErrorState error={req.error} onRetry={req.reload} />;
  if (!req.data) return <PageLoading />;
  const b = req.data;

  return (
    <div className={elderMode ? 'page ballot-page ballot-elder' : 'page ballot-page'} data-testid="ballot-page" data-status={b.status}>
      <Link to="/deliberation" className="delib-back">
        ‹ {t('deliberation.back')}
      </Link>
      <Card className="ballot-head" variant="borderless">
        <Flex gap={6} wrap align="center" style={{ marginBottom: 6 }}>
          <BallotStatusTag status={b.status} />
          <Tag>{t(`deliberation.kind.${b.kind}`)}</Tag>
          <Tag icon={<TeamOutlined />}>{b.areaName}</Tag>
        </Flex>
        <Typography.Title level={3} style={{ margin: '4px 0 8px' }} data-testid="ballot-title">
          {b.title}
        </Typography.Title>
        {b.matter ? <div className="ballot-matter">{t(`deliberation.matter.${b.matter}`)}</div> : null}
        {b.description && !elderMode ? <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>{b.description}</Typography.Paragraph> : null}
        <div className="ballot-meta">
          <ClockCircleOutlined /> {b.status === 'scheduled' ? t('deliberation.ballot.opensAt', { time: when(b.opensAt) }) : b.closedAt ? t('deliberation.ballot.closedAt', { time: when(b.closedAt) }) : t('deliberation.ballot.closesAt', { time: when(b.closesAt) })}
          <span className="ballot-turnout" data-testid="turnout">
            {t('deliberation.ballot.turnout', { voted: b.voted, eligible: b.eligible })}
          </span>
        </div>
        {/* Voters are told how secret the ballot is before they vote. */}
        <Alert
          className="ballot-secrecy"
          type={b.secrecy === 'secret' ? 'info' : 'warning'}
          showIcon
          icon={<LockOutlined />}
          data-testid="secrecy-notice"
          data-secrecy={b.secrecy}
          title={`${t(b.secrecy === 'secret' ? 'deliberation.ballot.secret' : 'deliberation.ballot.open')} ${t(b.resultsVisibility === 'live' ? 'deliberation.ballot.resultsLive' : 'deliberation.ballot.resultsAfterClose')}`}
        />
      </Card>

      {b.myElectors.length ? (
        b.myElectors.map((e) => <VoteCard key={e.key} ballot={b} elector={e} onVoted={(d) => req.setData(d)} />)
      ) : b.status === 'open' && !b.canManage ? (
        <Alert type="info" showIcon title={t('deliberation.ballot.notEligible')} data-testid="not-eligible" style={{ marginBottom: 12 }} />
      ) : null}

      {/* The voter's own card first: it is what they came for; the panel follows, updating live. */}
      {b.owners ? <OwnersPanelCard panel={b.owners} closed={b.status === 'closed'} /> : null}
      {b.kind !== 'owners' || b.tallies ? <TalliesCard ballot={b} /> : null}

      {b.status === 'closed' && b.resultDigest ? (
        <Card size="small" className="ballot-card" title={t('deliberation.ballot.digest')} data-testid="result-digest">
          <div className="mono digest">{b.resultDigest}</div>
          <a href={`/api/ballots/${b.id}/result`} target="_blank" rel="noreferrer">
            {t('deliberation.ballot.verify')}
          </a>
        </Card>
      ) : null}

      {b.topicId ? (
        <Link to={`/deliberation/topics/${b.topicId}`} className="delib-link">
          {t('deliberation.ballot.topic')} ›
        </Link>
      ) : null}

      {b.canManage ? <StaffPanel ballot={b} tick={rollTick} onChanged={refresh} /> : null}
    </div>
  );
}

function OwnersPanelCard({ panel, closed }: { panel: OwnersPanel; closed: boolean }) {
  const { t } = useTranslation();
  const outcome = panel.outcome;
  const tone = outcome === 'approved' ? 'ok' : outcome === 'not_approved' ? 'bad' : outcome === 'quorum_not_met' ? 'wait' : 'hidden';
  return (
    <Card className="ballot-card owners-panel" title={t('deliberation.owners.panel')} data-testid="owners-panel">
      <div className={`owners-outcome owners-outcome-${tone}`} data-testid="owners-outcome" data-outcome={outcome ?? 'hidden'} aria-live="polite">
        {outcome === 'approved' ? <CheckCircleFilled /> : null} {outcome ? t(`deliberation.owners.${closed ? 'outcomeFinal' : 'outcome'}.${outcome}`) : t('deliberation.owners.hiddenApproval')}
      </div>
      <div className="thr-group-title">{t('deliberation.owners.quorum')}</div>
      <ThresholdBar
        testId="quorum-area"
        label={t('deliberation.owners.areaOfTotal')}
        detail={t('deliberation.owners.m2', { n: `${panel.participatingAreaM2} / ${panel.totalAreaM2}` })}
        value={panel.quorum.area}
      />
      <ThresholdBar
        testId="quorum-heads"
        label={t('deliberation.owners.headsOfTotal')}
        detail={t('deliberation.owners.heads', { n: `${panel.participatingHeads} / ${panel.totalHeads}` })}
        value={panel.quorum.heads}
      />
      {panel.approval ? (
        <>
          <div className="thr-group-title">{t('deliberation.owners.approval')}</div>
          <ThresholdBar
            testId="approval-area"
            label={t('deliberation.owners.areaOfParticipating')}
            detail={t('deliberation.owners.m2', { n: `${panel.approval.yesAreaM2} / ${panel.participatingAreaM2}` })}
            value={panel.approval.area}
          />
          <ThresholdBar
            testId="approval-heads"
            label={t('deliberation.owners.headsOfParticipating')}
            detail={t('deliberation.owners.heads', { n: `${panel.approval.yesHeads} / ${panel.participatingHeads}` })}
            value={panel.approval.heads}
          />
        </>
      ) : null}
      <div className="owners-rules muted small">
        <div>{t('deliberation.owners.rule')} · {t(panel.major ? 'deliberation.owners.major' : 'deliberation.owners.ordinary')}</div>
        <div>{t('deliberation.owners.headRule')}</div>
      </div>
    </Card>
  );
}

function VoteCard({ ballot, elector, onVoted }: { ballot: BallotDetail; elector: MyElector; onVoted: (d: BallotDetail) => void }) {
  const { t } = useTranslation();
  const label = useOptionLabel();
  const [editing, setEditing] = useState(false);
  const [picked, setPicked] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const voted = elector.choices !== null;
  const open = ballot.status === 'open';
  const choosing = open && (!voted || editing);
  const multiple = ballot.kind === 'multiple';

  const pick = (id: string) => {
    if (!multiple) setPicked([id]);
    else setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : p.length < ballot.maxChoices ? [...p, id] : p));
  };
  const submit = async () => {
    setBusy(true);
    try {
      const d = await api.post<BallotDetail>(`/api/ballots/${ballot.id}/vote`, { choices: picked, electorKey: elector.key });
      feedback.success(t('deliberation.ballot.voteSaved'));
      setEditing(false);
      setPicked([]);
      onVoted(d);
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card className="ballot-card vote-card" data-testid="vote-card" data-voted={voted}>
      <div className="vote-who">
        {t('deliberation.ballot.youRepresent')}：<b>{elector.label}</b>
        {elector.units.length ? <span className="muted"> · {t('deliberation.ballot.units', { units: elector.units.join('、') })}</span> : null}
        {elector.areaM2 ? <span className="muted"> · {t('deliberation.ballot.area', { area: elector.areaM2 })}</span> : null}
      </div>
      {voted && !editing ? (
        <div className="my-vote" data-testid="my-vote" data-choice={elector.choices!.join(',')}>
          <CheckCircleFilled className="my-vote-icon" />
          <span>{t('deliberation.ballot.yourVote', { choice: elector.choices!.map((c) => label(ballot.options.find((o) => o.id === c), c)).join('、') })}</span>
          {elector.method && elector.method !== 'online' ? <Tag style={{ marginInlineStart: 8 }}>{t(`deliberation.ballot.method.${elector.method}`)}</Tag> : null}
        </div>
      ) : null}
      {choosing ? (
        <>
          {multiple ? <div className="muted">{t('deliberation.ballot.chooseUpTo', { count: ballot.maxChoices })}</div> : null}
          <div className={ballot.options.length <= 3 ? 'vote-options vote-options-row' : 'vote-options'}>
            {ballot.options.map((o) => (
              <button
                key={o.id}
                type="button"
                className={`vote-option vote-option-${o.id}${picked.includes(o.id) ? ' picked' : ''}`}
                aria-pressed={picked.includes(o.id)}
                onClick={() => pick(o.id)}
                data-testid={`vote-option-${o.id}`}
              >
                {label(o)}
              </button>
            ))}
          </div>
          <Button type="primary" size="large" block className="vote-submit" disabled={!picked.length} loading={busy} onClick={() => void submit()} data-testid="vote-submit">
            {t('deliberation.ballot.castVote')}
          </Button>
        </>
      ) : null}
      {open && voted && !editing ? (
        <>
          <div className="muted small">{t('deliberation.ballot.changeHint')}</div>
          <Button block onClick={() => { setEditing(true); setPicked(elector.choices ?? []); }} data-testid="vote-change" style={{ marginTop: 8 }}>
            {t('deliberation.ballot.changeVote')}
          </Button>
        </>
      ) : null}
    </Card>
  );
}

function TalliesCard({ ballot }: { ballot: BallotDetail }) {
  const { t } = useTranslation();
  const label = useOptionLabel();
  if (!ballot.tallies) {
    return (
      <Card className="ballot-card" size="small" data-testid="tallies-hidden">
        <span className="muted">{t('deliberation.ballot.hiddenUntilClose')}</span>
      </Card>
    );
  }
  const max = Math.max(1, ...ballot.tallies.map((x) => x.votes));
  return (
    <Card className="ballot-card" title={t('deliberation.ballot.results')} size="small" data-testid="tallies">
      {ballot.tallies.map((x) => (
        <div key={x.optionId} className="tally" data-testid={`tally-${x.optionId}`} data-votes={x.votes}>
          <div className="tally-head">
            <span>{label(ballot.options.find((o) => o.id === x.optionId), x.optionId)}</span>
            <b>
              {x.votes}
              {x.areaM2 !== null ? <span className="muted small"> · {x.areaM2} ㎡</span> : null}
            </b>
          </div>
          <div className="tally-bar">
            <div style={{ width: `${(x.votes / max) * 100}%` }} />
          </div>
        </div>
      ))}
    </Card>
  );
}

function StaffPanel({ ballot, tick, onChanged }: { ballot: BallotDetail; tick: number; onChanged: () => void }) {
  const { t } = useTranslation();
  const label = useOptionLabel();
  const roll = useRequest((signal) => api.get<{ items: RollEntry[]; eligible: number; voted: number }>(`/api/ballots/${ballot.id}/roll`, undefined, signal), [ballot.id, tick]);
  const [recording, setRecording] = useState<RollEntry | null>(null);
  const [cancelling, setCancelling] = useState(false);

  const close = () =>
    feedback.modal?.confirm({
      title: t('deliberation.staff.close'),
      content: t('deliberation.staff.closeConfirm'),
      onOk: async () => {
        try {
          await api.post(`/api/ballots/${ballot.id}/close`, {});
          onChanged();
        } catch (err) {
          showError(err);
        }
      },
    });

  return (
    <Card className="ballot-card" title={t('deliberation.staff.roll')} data-testid="staff-panel" extra={<span className="muted small">{t('deliberation.ballot.turnout', { voted: ballot.voted, eligible: ballot.eligible })}</span>}>
      <div className="muted small" style={{ marginBottom: 8 }}>{t('deliberation.staff.rollHint')}</div>
      {ballot.status === 'open' ? (
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Button type="primary" danger onClick={close} data-testid="ballot-close">
            {t('deliberation.staff.close')}
          </Button>
          <Button onClick={() => setCancelling(true)} data-testid="ballot-cancel">
            {t('deliberation.staff.cancel')}
          </Button>
        </Flex>
      ) : null}
      <ItemList testId="roll" maxHeight={420}>
        {(roll.data?.items ?? []).map((e) => (
          <ItemRow
            key={e.key}
            testId="roll-row"
            data-voted={e.voted}
            title={
              <span>
                {e.label} {e.units.length ? <span className="muted small">{e.units.join('、')}</span> : null}
              </span>
            }
            description={
              e.voted
                ? [t(`deliberation.ballot.method.${e.method}`), e.recordedByName ? t('deliberation.ballot.recordedBy', { name: e.recordedByName }) : null, e.castAt ? when(e.castAt) : null, e.areaM2 ? `${e.areaM2} ㎡` : null]
                    .filter(Boolean)
                    .join(' · ')
                : e.areaM2
                  ? `${e.areaM2} ㎡`
                  : undefined
            }
            extra={
              <Flex gap={6} align="center">
                {e.voted ? <Tag color="success">{e.choices ? e.choices.map((c) => label(ballot.options.find((o) => o.id === c), c)).join('、') : t('deliberation.ballot.voted')}</Tag> : <Tag>{t('deliberation.staff.notVoted')}</Tag>}
                {ballot.status === 'open' ? (
                  <Button size="small" onClick={() => setRecording(e)} data-testid="record-vote">
                    {t('deliberation.staff.record')}
                  </Button>
                ) : null}
              </Flex>
            }
          />
        ))}
      </ItemList>
      <RecordModal ballot={ballot} entry={recording} onClose={() => setRecording(null)} onDone={() => { setRecording(null); onChanged(); }} />
      <Modal
        open={cancelling}
        title={t('deliberation.staff.cancel')}
        onCancel={() => setCancelling(false)}
        destroyOnHidden
        footer={null}
      >
        <Form
          layout="vertical"
          onFinish={async (v: { note: string }) => {
            try {
              await api.post(`/api/ballots/${ballot.id}/cancel`, { note: v.note });
              setCancelling(false);
              onChanged();
            } catch (err) {
              showError(err);
            }
          }}
        >
          <Form.Item name="note" label={t('deliberation.staff.cancelReason')} rules={[{ required: true }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
          <Button type="primary" danger htmlType="submit" block>
            {t('deliberation.staff.cancel')}
          </Button>
        </Form>
      </Modal>
    </Card>
  );
}

function RecordModal({ ballot, entry, onClose, onDone }: { ballot: BallotDetail; entry: RollEntry | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const label = useOptionLabel();
  const [form] = Form.useForm();
  const multiple = ballot.kind === 'multiple';
  return (
    <Modal open={!!entry} title={entry ? t('deliberation.staff.recordTitle', { name: entry.label }) : ''} onCancel={onClose} footer={null} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ method: 'paper', choices: [] }}
        onFinish={async (v: { method: 'paper' | 'in_person'; choices: string[]; note?: string }) => {
          try {
            await api.post(`/api/ballots/${ballot.id}/votes/record`, { electorKey: entry!.key, choices: v.choices, method: v.method, note: v.note || undefined });
            onDone();
          } catch (err) {
            showError(err, form);
          }
        }}
      >
        <Form.Item name="choices" rules={[{ required: true, type: 'array', min: 1 }]}>
          <ChoicePicker options={ballot.options.map((o) => ({ id: o.id, label: label(o) }))} multiple={multiple} max={ballot.maxChoices} />
        </Form.Item>
        <Form.Item name="method" label={t('deliberation.staff.method')}>
          <Segmented options={[{ value: 'paper', label: t('deliberation.ballot.method.paper') }, { value: 'in_person', label: t('deliberation.ballot.method.in_person') }]} />
        </Form.Item>
        <Form.Item name="note" label={t('deliberation.staff.note')}>
          <Input maxLength={200} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block data-testid="record-submit">
          {t('app.submit')}
        </Button>
      </Form>
    </Modal>
  );
}

function ChoicePicker({ options, multiple, max, value = [], onChange }: { options: { id: string; label: string }[]; multiple: boolean; max: number; value?: string[]; onChange?: (v: string[]) => void }) {
  return (
    <div className="vote-options vote-options-row">
      {options.map((o) => (
        <button
          key={o.id}
          type="button"
          className={`vote-option vote-option-${o.id}${value.includes(o.id) ? ' picked' : ''}`}
          aria-pressed={value.includes(o.id)}
          onClick={() => onChange?.(multiple ? (value.includes(o.id) ? value.filter((x) => x !== o.id) : value.length < max ? [...value, o.id] : value) : [o.id])}
          data-testid={`record-option-${o.id}`}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}
