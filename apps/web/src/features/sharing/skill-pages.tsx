// Needs, offers and the matches between them: a need with the helpers the engine suggests (each
// score explained), an offer with the needs it fits, and a match with its next step (accept, help,
// confirm with a rating, which records the helper's hours).
import { useState } from 'react';
import { Button, Card, Descriptions, Empty, Flex, Form, Input, InputNumber, Rate, Space, Tag, Typography } from 'antd';
import { useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Match, Need, Offer, ScorePart } from '@linli/contracts';
import { api } from '../../lib/api.ts';
import { useRequest } from '../../lib/use-request.ts';
import { feedback, showError } from '../../lib/feedback.ts';
import { useSession } from '../../lib/session.tsx';
import { ErrorState, PageLoading } from '../../components/states.tsx';
import { ActButton, BackLink, Distance, ScoreBreakdown, StatusTag, useSkillName } from './shared.tsx';
import './sharing.css';

function Ranked({ title, score, parts, distanceM, sub, action, testId }: { title: string; score: number; parts: ScorePart[]; distanceM: number | null; sub: string; action?: React.ReactNode; testId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <Card size="small" className="ranked-card" data-testid={testId}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <div>
          <div className="ranked-title">{title}</div>
          <div className="share-meta">
            <span>{sub}</span>
            <Distance m={distanceM} />
          </div>
        </div>
        <Flex gap={8} align="center">
          <span className="ranked-score" data-testid="ranked-score">{t('sharing.skill.score', { score })}</span>
          {action}
        </Flex>
      </Flex>
      <Button type="link" size="small" onClick={() => setOpen(!open)} className="ranked-why" data-testid="ranked-why">
        {t('sharing.skill.why')}
      </Button>
      {open ? <ScoreBreakdown parts={parts} /> : null}
    </Card>
  );
}

export function NeedPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const skillName = useSkillName();
  const req = useRequest((signal) => api.get<Need>(`/api/needs/${id}`, undefined, signal), [id]);
  const ranked = useRequest((signal) => api.get<{ items: { offer: Offer; score: number; parts: ScorePart[]; distanceM: number | null }[] }>(`/api/needs/${id}/offers`, undefined, signal), [id], !!req.data?.canManage);
  if (req.error) return <ErrorState error={req.error} onRetry={req.reload} />;
  if (!req.data) return <PageLoading />;
  const n = req.data;
  return (
    <div className="page share-detail" data-testid="need-page">
      <BackLink tab="skills" />
      <Card className="share-card">
        <Flex justify="space-between" align="start" wrap gap={8}>
          <Typography.Title level={3} className="share-detail-title">{n.title}</Typography.Title>
          <StatusTag kind="need" status={n.status} />
        </Flex>
        <Descriptions column={1} size="small" className="share-desc">
          <Descriptions.Item label={t('sharing.skill.needForm.skill')}>{skillName(n.skill)}</Descriptions.Item>
          <Descriptions.Item label={t('sharing.wish.form.person')}>{n.personAlias} · {n.communityName}</Descriptions.Item>
          <Descriptions.Item label={t('sharing.skill.needForm.when')}>{n.availability.map((a) => t(`sharing.when.${a}`)).join('、')}</Descriptions.Item>
          <Descriptions.Item label={t('sharing.skill.offerForm.groups')}>{t(`sharing.group.${n.targetGroup}`)}</Descriptions.Item>
        </Descriptions>
        {n.details ? <Typography.Paragraph>{n.details}</Typography.Paragraph> : null}
        <Typography.Text type="secondary">{t('sharing.skill.postedBy', { name: n.postedByName })}</Typography.Text>
        {n.canManage && (n.status === 'open' || n.status === 'matched') ? (
          <div className="share-actions">
            <ActButton danger run={async () => req.setData(await api.post<Need>(`/api/needs/${n.id}/cancel`))}>{t('sharing.skill.cancelNeed')}</ActButton>
          </div>
        ) : null}
      </Card>
      {n.canManage && n.status === 'open' ? (
        <Card size="small" title={t('sharing.skill.ranked')} className="share-card">
          {ranked.error ? <ErrorState error={ranked.error} onRetry={ranked.reload} /> : !ranked.data ? <PageLoading /> : ranked.data.items.length === 0 ? <Empty description={t('sharing.skill.noRanked')} /> : (
            ranked.data.items.map((r) => (
              <Ranked
                key={r.offer.id}
                testId="ranked-offer"
                title={`${r.offer.helperName} · ${r.offer.title}`}
                sub={`${t(`sharing.wish.kind.${r.offer.helperKind}`)} · ${r.offer.rating !== null ? t('sharing.skill.rating', { rating: r.offer.rating }) : t('sharing.skill.noRating')}`}
                score={r.score}
                parts={r.parts}
                distanceM={r.distanceM}
                action={
                  <ActButton type="primary" size="small" data-testid="propose" run={async () => { const m = await api.post<Match>('/api/matches', { needId: n.id, offerId: r.offer.id }); navigate(`/sharing/matches/${m.id}`); }} done={t('sharing.skill.proposed')}>
                    {t('sharing.skill.propose')}
                  </ActButton>
                }
              />
            ))
          )}
        </Card>
      ) : null}
    </div>
  );
}

export function OfferPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const skillName = useSkillName();
  const req = useRequest((signal) => api.get<Offer>(`/api/offers/${id}`, undefined, signal), [id]);
  const ranked = useRequest((signal) => api.get<{ items: { need: Need; score: number; parts: ScorePart[]; distanceM: number | null }[] }>(`/api/offers/${id}/needs`, undefined, signal), [id], !!req.data?.isMine);
  if (req.error) return <ErrorState error={req.error} onRetry={req.reload} />;
  if (!req.data) return <PageLoading />;
  const o = req.data;
  return (
    <div className="page share-detail" data-testid="offer-page">
      <BackLink tab="skills" />
      <Card className="share-card">
        <Flex justify="space-between" align="start" wrap gap={8}>
          <Typography.Title level={3} className="share-detail-title">{o.title}</Typography.Title>
          <Tag color="geekblue">{t(`sharing.wish.kind.${o.helperKind}`)}</Tag>
        </Flex>
        <Descriptions column={1} size="small" className="share-desc">
          <Descriptions.Item label={t('sharing.skill.offerForm.skills')}>{o.skills.map(skillName).join('、')}</Descriptions.Item>
          <Descriptions.Item label={t('sharing.skill.offerForm.when')}>{o.availability.map((a) => t(`sharing.when.${a}`)).join('、')}</Descriptions.Item>
          <Descriptions.Item label={t('sharing.skill.offerForm.communities')}>{o.communityNames.join('、')}</Descriptions.Item>
          <Descriptions.Item label={t('sharing.skill.offerForm.groups')}>{o.targetGroups.map((g) => t(`sharing.group.${g}`)).join('、')}</Descriptions.Item>
          <Descriptions.Item label={o.helperName}>
            {o.rating !== null ? t('sharing.skill.rating', { rating: o.rating }) : t('sharing.skill.noRating')} · {t('sharing.skill.completed', { n: o.completed })} · {t('sharing.skill.load', { n: o.activeMatches, cap: o.capacity })}
          </Descriptions.Item>
        </Descriptions>
        {o.details ? <Typography.Paragraph>{o.details}</Typography.Paragraph> : null}
        {o.isMine && o.status !== 'withdrawn' ? (
          <Space className="share-actions">
            <ActButton run={async () => req.setData(await api.patch<Offer>(`/api/offers/${o.id}`, { status: o.status === 'active' ? 'paused' : 'active' }))}>
              {o.status === 'active' ? t('sharing.skill.pause') : t('sharing.skill.resume')}
            </ActButton>
          </Space>
        ) : null}
      </Card>
      {o.isMine ? (
        <Card size="small" title={t('sharing.skill.rankedNeeds')} className="share-card">
          {ranked.error ? <ErrorState error={ranked.error} onRetry={ranked.reload} /> : !ranked.data ? <PageLoading /> : ranked.data.items.length === 0 ? <Empty description={t('sharing.skill.noNeeds')} /> : (
            ranked.data.items.map((r) => (
              <Ranked
                key={r.need.id}
                testId="ranked-need"
                title={r.need.title}
                sub={`${skillName(r.need.skill)} · ${r.need.personAlias} · ${r.need.communityName}`}
                score={r.score}
                parts={r.parts}
                distanceM={r.distanceM}
                action={
                  o.status === 'active' ? (
                    <ActButton type="primary" size="small" run={async () => { const m = await api.post<Match>('/api/matches', { needId: r.need.id, offerId: o.id }); navigate(`/sharing/matches/${m.id}`); }} done={t('sharing.skill.proposed')}>
                      {t('sharing.skill.offerHelp')}
                    </ActButton>
                  ) : undefined
                }
              />
            ))
          )}
        </Card>
      ) : null}
    </div>
  );
}

export function MatchPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const skillName = useSkillName();
  const req = useRequest((signal) => api.get<Match>(`/api/matches/${id}`, undefined, signal), [id]);
  if (req.error) return <ErrorState error={req.error} onRetry={req.reload} />;
  if (!req.data) return <PageLoading />;
  const m = req.data;
  const set = (x: Match) => req.setData(x);
  return (
    <div className="page share-detail" data-testid="match-page">
      <BackLink tab="skills" />
      <Card className="share-card">
        <Flex justify="space-between" align="start" wrap gap={8}>
          <Typography.Title level={3} className="share-detail-title">{m.needTitle}</Typography.Title>
          <StatusTag kind="match" status={m.status} />
        </Flex>
        <Descriptions column={1} size="small" className="share-desc">
          <Descriptions.Item label={t('sharing.skill.needForm.skill')}>{skillName(m.skill)}</Descriptions.Item>
          <Descriptions.Item label={t('sharing.wish.form.person')}>{m.personAlias}</Descriptions.Item>
          <Descriptions.Item label={t('sharing.skill.offers')}>{m.helperName} · {m.offerTitle}</Descriptions.Item>
          {m.address ? <Descriptions.Item label={t('sharing.match.addressLabel')}><span data-testid="match-address">{m.address}</span></Descriptions.Item> : null}
          {m.minutes ? <Descriptions.Item label={t('sharing.match.minutes')}>{m.minutes}</Descriptions.Item> : null}
          {m.rating ? <Descriptions.Item label={t('sharing.match.rating')}><Rate disabled value={m.rating} /> {m.feedback ?? ''}</Descriptions.Item> : null}
        </Descriptions>
        <Typography.Text strong>{t('sharing.skill.score', { score: m.score })}</Typography.Text>
        <ScoreBreakdown parts={m.parts} />
        <Space wrap className="share-actions">
          {(['accept', 'decline', 'cancel'] as const).filter((a) => m.actions.includes(a)).map((a) => (
            <ActButton key={a} type={a === 'accept' ? 'primary' : 'default'} danger={a !== 'accept'} data-testid={`match-${a}`} run={async () => set(await api.post<Match>(`/api/matches/${m.id}/${a}`, {}))}>
              {t(`sharing.match.action.${a}`)}
            </ActButton>
          ))}
        </Space>
      </Card>
      {m.actions.includes('complete') ? <CompleteForm match={m} onDone={set} /> : null}
      {m.actions.includes('confirm') ? <ConfirmForm match={m} onDone={set} /> : null}
    </div>
  );
}

function CompleteForm({ match, onDone }: { match: Match; onDone: (m: Match) => void }) {
  const { t } = useTranslation();
  const { elderMode } = useSession();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  return (
    <Card size="small" title={t('sharing.match.action.complete')} className="share-card">
      <Form form={form} layout="vertical" initialValues={{ minutes: 60 }} onFinish={async (v: { minutes: number }) => {
        setBusy(true);
        try {
          onDone(await api.post<Match>(`/api/matches/${match.id}/complete`, v));
          feedback.success(t('sharing.loan.done'));
        } catch (err) {
          showError(err, form);
        } finally {
          setBusy(false);
        }
      }}>
        <Form.Item name="minutes" label={t('sharing.match.minutes')} rules={[{ required: true }]}>
          <InputNumber min={1} max={1440} style={{ width: '100%' }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} block size={elderMode ? 'large' : undefined} data-testid="match-complete">
          {t('sharing.match.action.complete')}
        </Button>
      </Form>
    </Card>
  );
}

function ConfirmForm({ match, onDone }: { match: Match; onDone: (m: Match) => void }) {
  const { t } = useTranslation();
  const { elderMode } = useSession();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  return (
    <Card size="small" title={t('sharing.match.action.confirm')} className="share-card">
      <Form form={form} layout="vertical" initialValues={{ rating: 5 }} onFinish={async (v: { rating: number; feedback?: string }) => {
        setBusy(true);
        try {
          onDone(await api.post<Match>(`/api/matches/${match.id}/confirm`, { rating: v.rating, feedback: v.feedback || undefined }));
          feedback.success(t('sharing.loan.done'));
        } catch (err) {
          showError(err, form);
        } finally {
          setBusy(false);
        }
      }}>
        <Form.Item name="rating" label={t('sharing.match.rating')} rules={[{ required: true }]}>
          <Rate />
        </Form.Item>
        <Form.Item name="feedback" label={t('sharing.match.feedback')}>
          <Input.TextArea rows={2} maxLength={300} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} block size={elderMode ? 'large' : undefined} data-testid="match-confirm">
          {t('sharing.match.action.confirm')}
        </Button>
      </Form>
    </Card>
  );
}
