// One topic: its stage on the way from raised to done, the decision and follow-up, supporters,
// the threaded discussion with moderation, its meetings and ballots, and staff's next steps.
import { useState } from 'react';
import { Button, Card, Collapse, Empty, Flex, Form, Input, Modal, Steps, Tag, Typography } from 'antd';
import { LikeFilled, LikeOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Meeting, TopicAction, TopicComment, TopicDetail, TopicStage } from '@linli/contracts';
import { api } from '../../lib/api.ts';
import { useRequest } from '../../lib/use-request.ts';
import { useLiveEvent } from '../../lib/live.tsx';
import { feedback, showError } from '../../lib/feedback.ts';
import { ErrorState, PageLoading } from '../../components/states.tsx';
import { BallotStatusTag, StageTag, when } from './shared.tsx';
import { CreateBallotDrawer, RecordMeetingModal, ScheduleMeetingModal } from './forms.tsx';
import './deliberation.css';

const PATH: TopicStage[] = ['raised', 'discussing', 'meeting_scheduled', 'voting', 'decided', 'being_carried_out', 'done'];

export default function TopicPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const req = useRequest((signal) => api.get<TopicDetail>(`/api/topics/${id}`, undefined, signal), [id]);
  const [acting, setActing] = useState<TopicAction | null>(null);
  const [scheduling, setScheduling] = useState(false);
  const [balloting, setBalloting] = useState(false);
  const refresh = () => void api.get<TopicDetail>(`/api/topics/${id}`).then((d) => req.setData(d)).catch(() => undefined);
  useLiveEvent('topic.updated', (d) => {
    if (d && typeof d === 'object' && (d as { id?: string }).id === id) refresh();
  });

  if (req.error) return <ErrorState error={req.error} onRetry={req.reload} />;
  if (!req.data) return <PageLoading />;
  const topic = req.data;
  const set = (d: TopicDetail) => req.setData(d);
  const step = PATH.indexOf(topic.stage);

  const support = async () => {
    try {
      set(topic.supportedByMe ? await api.delete<TopicDetail>(`/api/topics/${topic.id}/support`) : await api.post<TopicDetail>(`/api/topics/${topic.id}/support`));
    } catch (err) {
      showError(err);
    }
  };
  // Scheduling a meeting and opening a ballot are their own forms; they move the stage themselves.
  const act = (a: TopicAction) => (a === 'schedule_meeting' ? setScheduling(true) : a === 'start_voting' ? setBalloting(true) : setActing(a));

  return (
    <div className="page topic-page" data-testid="topic-page" data-stage={topic.stage}>
      <Link to="/deliberation?tab=topics" className="delib-back">
        ‹ {t('deliberation.back')}
      </Link>
      <Card className="ballot-card">
        <Flex gap={6} wrap align="center" style={{ marginBottom: 6 }}>
          <StageTag stage={topic.stage} />
          <Tag>{topic.areaName}</Tag>
        </Flex>
        <Typography.Title level={3} style={{ margin: '4px 0 8px' }} data-testid="topic-title">
          {topic.title}
        </Typography.Title>
        <div className="delib-row-meta" style={{ marginBottom: 8 }}>
          <span>{t('deliberation.topic.by', { name: topic.raisedByName })}</span>
          <span>{when(topic.createdAt)}</span>
        </div>
        <Typography.Paragraph className="topic-body">{topic.body}</Typography.Paragraph>
        <Flex gap={8} wrap>
          <Button icon={topic.supportedByMe ? <LikeFilled /> : <LikeOutlined />} type={topic.supportedByMe ? 'primary' : 'default'} onClick={() => void support()} data-testid="topic-support" disabled={topic.stage === 'done' || topic.stage === 'withdrawn'}>
            {topic.supportedByMe ? t('deliberation.topic.supported') : t('deliberation.topic.support')} · {topic.supporterCount}
          </Button>
          {topic.actions.map((a) => (
            <Button key={a} onClick={() => act(a)} data-testid={`topic-action-${a}`} danger={a === 'withdraw'}>
              {t(`deliberation.action.${a}`)}
            </Button>
          ))}
        </Flex>
      </Card>

      {topic.stage !== 'withdrawn' ? (
        <Card className="ballot-card" size="small">
          <Steps
            size="small"
            orientation="vertical"
            current={step}
            items={PATH.map((s) => {
              const h = [...topic.history].reverse().find((x) => x.toStage === s);
              return { title: t(`deliberation.stage.${s}`), content: h ? `${when(h.at)} · ${h.byName}${h.note ? ` · ${h.note}` : ''}` : undefined };
            })}
          />
        </Card>
      ) : null}

      {topic.decision || topic.followUp ? (
        <Card className="ballot-card" size="small" data-testid="topic-decision">
          {topic.decision ? (
            <p>
              <b>{t('deliberation.topic.decision')}：</b>
              {topic.decision}
            </p>
          ) : null}
          {topic.followUp ? (
            <p style={{ marginBottom: 0 }}>
              <b>{t('deliberation.topic.followUp')}：</b>
              {topic.followUp}
            </p>
          ) : null}
        </Card>
      ) : null}

      {topic.ballots.length ? (
        <Card className="ballot-card" size="small" title={t('deliberation.topic.ballots')}>
          {topic.ballots.map((b) => (
            <div key={b.id}>
              <BallotStatusTag status={b.status as 'open'} /> <Link to={`/deliberation/ballots/${b.id}`}>{b.title}</Link>
            </div>
          ))}
        </Card>
      ) : null}

      <MeetingsCard topic={topic} onChanged={refresh} />
      <Discussion topic={topic} onChanged={set} />

      <ActionModal topic={topic} action={acting} onClose={() => setActing(null)} onDone={(d) => { setActing(null); set(d); }} />
      <ScheduleMeetingModal open={scheduling} topicId={topic.id} onClose={() => setScheduling(false)} onDone={() => { setScheduling(false); refresh(); }} />
      <CreateBallotDrawer open={balloting} topicId={topic.id} areaId={topic.areaId} onClose={() => setBalloting(false)} onCreated={() => { setBalloting(false); refresh(); }} />
    </div>
  );
}

function ActionModal({ topic, action, onClose, onDone }: { topic: TopicDetail; action: TopicAction | null; onClose: () => void; onDone: (d: TopicDetail) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  return (
    <Modal open={!!action} title={action ? t(`deliberation.action.${action}`) : ''} onCancel={onClose} footer={null} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v: { note?: string; decision?: string }) => {
          try {
            onDone(await api.post<TopicDetail>(`/api/topics/${topic.id}/transition`, { action, note: v.note || undefined, decision: v.decision || undefined }));
          } catch (err) {
            showError(err, form);
          }
        }}
      >
        {action === 'decide' ? (
          <Form.Item name="decision" label={t('deliberation.topic.decision')} rules={[{ required: true }]}>
            <Input.TextArea rows={4} data-testid="topic-decision-input" />
          </Form.Item>
        ) : null}
        <Form.Item name="note" label={action === 'start_work' || action === 'finish' ? t('deliberation.topic.followUp') : t('deliberation.topic.note')} rules={[{ required: action === 'finish' || action === 'withdraw' }]}>
          <Input.TextArea rows={3} data-testid="topic-note-input" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block data-testid="topic-action-submit">
          {t('app.confirm')}
        </Button>
      </Form>
    </Modal>
  );
}

function MeetingsCard({ topic, onChanged }: { topic: TopicDetail; onChanged: () => void }) {
  const { t } = useTranslation();
  const meetings = useRequest((signal) => api.get<{ items: Meeting[] }>('/api/meetings', { topicId: topic.id }, signal), [topic.id, topic.version, topic.meetings.length]);
  const [recording, setRecording] = useState<Meeting | null>(null);
  const items = meetings.data?.items ?? [];
  return (
    <Card className="ballot-card" size="small" title={t('deliberation.topic.meetings')} data-testid="meetings">
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('deliberation.topic.noMeetings')} />
      ) : (
        <Collapse
          items={items.map((m) => ({
            key: m.id,
            label: (
              <span>
                <Tag color={m.status === 'held' ? 'success' : m.status === 'cancelled' ? 'error' : 'processing'}>{t(`deliberation.meeting.status.${m.status}`)}</Tag>
                {m.title} · {when(m.startsAt)}
              </span>
            ),
            children: (
              <div data-testid="meeting">
                <p>
                  {t(m.placeKind === 'hut' ? 'deliberation.meeting.hut' : 'deliberation.meeting.online')}：{m.place}
                </p>
                <b>{t('deliberation.meeting.agendaTitle')}</b>
                <ol>
                  {m.agenda.map((a, i) => (
                    <li key={i}>{a}</li>
                  ))}
                </ol>
                {m.invitees.length ? (
                  <p>
                    <b>{t('deliberation.meeting.inviteesTitle')}：</b>
                    {m.invitees.map((i) => `${i.name}${i.attended === true ? '✓' : i.attended === false ? '✗' : ''}`).join('、')}
                  </p>
                ) : null}
                {m.minutes ? (
                  <>
                    <b>{t('deliberation.meeting.minutes')}</b>
                    <p className="topic-body">{m.minutes}</p>
                  </>
                ) : null}
                {m.decisions.length ? (
                  <>
                    <b>{t('deliberation.topic.decision')}</b>
                    <ul>
                      {m.decisions.map((d, i) => (
                        <li key={i}>{d}</li>
                      ))}
                    </ul>
                  </>
                ) : null}
                {topic.canModerate && m.status === 'scheduled' ? (
                  <Button onClick={() => setRecording(m)} data-testid="meeting-record">
                    {t('deliberation.meeting.record')}
                  </Button>
                ) : null}
              </div>
            ),
          }))}
        />
      )}
      <RecordMeetingModal meeting={recording} onClose={() => setRecording(null)} onDone={() => { setRecording(null); meetings.reload(); onChanged(); }} />
    </Card>
  );
}

function Discussion({ topic, onChanged }: { topic: TopicDetail; onChanged: (d: TopicDetail) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [replyTo, setReplyTo] = useState<TopicComment | null>(null);
  const [busy, setBusy] = useState(false);
  const closed = topic.stage === 'done' || topic.stage === 'withdrawn';
  const roots = topic.comments.filter((c) => !c.parentId);
  const children = (id: string) => topic.comments.filter((c) => c.parentId === id);

  const send = async () => {
    setBusy(true);
    try {
      onChanged(await api.post<TopicDetail>(`/api/topics/${topic.id}/comments`, { body: text, parentId: replyTo?.id }));
      setText('');
      setReplyTo(null);
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };
  const ask = (title: string, onOk: (reason: string) => Promise<void>) => {
    let reason = '';
    feedback.modal?.confirm({
      title,
      content: <Input onChange={(e) => (reason = e.target.value)} maxLength={200} data-testid="reason-input" />,
      onOk: async () => {
        if (!reason.trim()) throw new Error('reason');
        await onOk(reason.trim());
      },
    });
  };
  const moderate = (c: TopicComment, hide: boolean) => {
    if (!hide) {
      void api.post<TopicDetail>(`/api/comments/${c.id}/unhide`).then(onChanged).catch((err: unknown) => showError(err));
      return;
    }
    ask(t('deliberation.topic.hideReason'), async (reason) => onChanged(await api.post<TopicDetail>(`/api/comments/${c.id}/hide`, { reason })));
  };
  const report = (c: TopicComment) => ask(t('deliberation.topic.reportReason'), async (reason) => onChanged(await api.post<TopicDetail>(`/api/comments/${c.id}/report`, { reason })));

  const renderComment = (c: TopicComment, reply = false) => (
    <div key={c.id} className={reply ? 'comment comment-reply' : 'comment'} data-testid="comment" data-hidden={c.hidden}>
      <div className="comment-head">
        <span>
          <b>{c.authorName}</b> · {when(c.createdAt)}
        </span>
        {topic.canModerate && c.reportCount > 0 ? <Tag color="red">{t('deliberation.topic.reports', { count: c.reportCount })}</Tag> : null}
      </div>
      {c.hidden ? <div className="comment-hidden">{t('deliberation.topic.hiddenBy', { reason: c.hiddenReason ?? '' })}</div> : null}
      {c.body !== null ? <div className={c.hidden ? 'comment-body comment-hidden' : 'comment-body'}>{c.body}</div> : null}
      <Flex gap={4} wrap>
        {!closed ? (
          <Button type="link" size="small" onClick={() => setReplyTo(c)}>
            {t('deliberation.topic.reply')}
          </Button>
        ) : null}
        {!c.mine && !c.reportedByMe && !c.hidden ? (
          <Button type="link" size="small" onClick={() => report(c)}>
            {t('deliberation.topic.report')}
          </Button>
        ) : null}
        {c.reportedByMe ? <span className="muted small">{t('deliberation.topic.reported')}</span> : null}
        {topic.canModerate ? (
          <Button type="link" size="small" danger={!c.hidden} onClick={() => moderate(c, !c.hidden)} data-testid="comment-moderate">
            {c.hidden ? t('deliberation.topic.unhide') : t('deliberation.topic.hide')}
          </Button>
        ) : null}
      </Flex>
      {children(c.id).map((r) => renderComment(r, true))}
    </div>
  );

  return (
    <Card className="ballot-card" size="small" title={t('deliberation.topic.comments', { count: topic.comments.length })} data-testid="discussion">
      {roots.map((c) => renderComment(c))}
      {!closed ? (
        <div style={{ marginTop: 12 }}>
          {replyTo ? (
            <Tag closable onClose={() => setReplyTo(null)} style={{ marginBottom: 6 }}>
              {t('deliberation.topic.replyingTo', { name: replyTo.authorName })}
            </Tag>
          ) : null}
          <Input.TextArea rows={3} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('deliberation.topic.commentPlaceholder')} maxLength={2000} data-testid="comment-input" />
          <Button type="primary" style={{ marginTop: 8 }} disabled={!text.trim()} loading={busy} onClick={() => void send()} data-testid="comment-send">
            {t('deliberation.topic.send')}
          </Button>
        </div>
      ) : null}
    </Card>
  );
}
