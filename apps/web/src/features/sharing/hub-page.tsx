// The shared hut (共享小屋): this month's theme and opening hours, then one tab per way of sharing:
// items to borrow, my loans, skills (needs and offers), activities, the micro-wish wall, pairings.
import { useState } from 'react';
import { Button, Card, Drawer, Empty, Flex, Input, List, Modal, Segmented, Select, Tabs, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ItemCategory, type Activity, type Hut, type Loan, type Match, type Need, type Offer, type Pairing, type ShareItem, type Wish } from '@linli/contracts';
import { api, type Paged } from '../../lib/api.ts';
import { useRequest } from '../../lib/use-request.ts';
import { useLiveEvent } from '../../lib/live.tsx';
import { hasRole, useMe, useSession } from '../../lib/session.tsx';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { feedback, showError } from '../../lib/feedback.ts';
import { ErrorState, PageHeader, PageLoading } from '../../components/states.tsx';
import { ItemList, ItemRow } from '../../components/item-list.tsx';
import { ActButton, Distance, StatusTag, useSkillName, yuan } from './shared.tsx';
import { ActivityDrawer, HutDrawer, LendItemDrawer, NeedDrawer, OfferDrawer, PairingDrawer, WishDrawer } from './forms.tsx';
import './sharing.css';

const STAFF = ['community_staff', 'street_official', 'district_admin'] as const;

export default function SharingHub() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'items';
  const me = useMe();
  const huts = useRequest((signal) => api.get<{ items: Hut[] }>('/api/huts', undefined, signal), []);
  const [managing, setManaging] = useState(false);
  const manager = hasRole(me, ...STAFF);
  const items = [
    { key: 'items', label: t('sharing.tabs.items'), children: <ItemsTab /> },
    { key: 'loans', label: t('sharing.tabs.loans'), children: <LoansTab /> },
    { key: 'skills', label: t('sharing.tabs.skills'), children: <SkillsTab /> },
    { key: 'activities', label: t('sharing.tabs.activities'), children: <ActivitiesTab huts={huts.data?.items ?? []} /> },
    { key: 'wishes', label: t('sharing.tabs.wishes'), children: <WishesTab /> },
    { key: 'pairings', label: t('sharing.tabs.pairings'), children: <PairingsTab /> },
  ];
  return (
    <div className="page share-hub" data-testid="sharing-page">
      <PageHeader
        title={t('sharing.title')}
        sub={t('sharing.intro')}
        extra={manager ? <Button onClick={() => setManaging(true)} data-testid="huts-manage">{t('sharing.huts.manage')}</Button> : undefined}
      />
      {manager ? <HutsManager open={managing} huts={huts.data?.items ?? []} onClose={() => setManaging(false)} onChanged={huts.reload} /> : null}
      {huts.data?.items.length ? <HutCard hut={huts.data.items.find((h) => h.isKeeper) ?? huts.data.items.find((h) => h.canManage) ?? huts.data.items[0]!} more={huts.data.items.length - 1} onChanged={huts.reload} /> : null}
      <Tabs activeKey={tab} onChange={(k) => setParams({ tab: k }, { replace: true })} items={items} className="share-tabs" />
    </div>
  );
}

/** Staff's list of their communities' huts, where huts are opened and their keepers named. */
function HutsManager({ open, huts, onClose, onChanged }: { open: boolean; huts: Hut[]; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const { elderMode } = useSession();
  const [editing, setEditing] = useState<Hut | 'new' | null>(null);
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('sharing.huts.title')}
      size={elderMode ? 560 : 460}
      data-testid="huts-manager"
      extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="hut-add">{t('sharing.huts.add')}</Button>}
    >
      <List
        dataSource={huts.filter((h) => h.canManage)}
        locale={{ emptyText: <Empty description={t('sharing.huts.empty')} /> }}
        renderItem={(h) => (
          <List.Item data-testid="hut-row" actions={[<Button key="edit" type="link" onClick={() => setEditing(h)} data-testid="hut-edit">{t('sharing.huts.edit')}</Button>]}>
            <List.Item.Meta
              title={`${h.name} · ${h.communityName}`}
              description={
                <Flex vertical gap={2}>
                  <span>{h.address}</span>
                  {h.openingHours ? <span>{t('sharing.hours', { hours: h.openingHours })}</span> : null}
                  <span data-testid="hut-keepers">{h.keepers.length ? t('sharing.keepers', { names: h.keepers.map((k) => k.name).join('、') }) : null}</span>
                  <span>{t('sharing.huts.items', { count: h.itemCount })}</span>
                </Flex>
              }
            />
          </List.Item>
        )}
      />
      <HutDrawer
        open={editing !== null}
        hut={editing === 'new' || editing === null ? undefined : editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          onChanged();
        }}
      />
    </Drawer>
  );
}

function HutCard({ hut, more, onChanged }: { hut: Hut; more: number; onChanged: () => void }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [theme, setTheme] = useState(hut.theme ?? '');
  const [busy, setBusy] = useState(false);
  const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
  return (
    <Card
      size="small"
      className="hut-card"
      data-testid="hut-card"
      extra={hut.canManage || hut.isKeeper ? <Button size="small" type="link" onClick={() => setEditing(true)} data-testid="hut-set-theme">{t('sharing.setTheme')}</Button> : undefined}
    >
      <Modal
        open={editing}
        title={t('sharing.setThemeFor', { month })}
        onCancel={() => setEditing(false)}
        confirmLoading={busy}
        onOk={async () => {
          setBusy(true);
          try {
            await api.put(`/api/huts/${hut.id}/theme`, { month, theme });
            setEditing(false);
            onChanged();
          } catch (err) {
            showError(err);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Input value={theme} maxLength={80} onChange={(e) => setTheme(e.target.value)} data-testid="hut-theme-input" />
      </Modal>
      <div className="hut-name">
        {hut.name}
        {more > 0 ? <Typography.Text type="secondary"> +{more}</Typography.Text> : null}
      </div>
      <div className="hut-theme" data-testid="hut-theme">{hut.theme ? t('sharing.theme', { theme: hut.theme }) : t('sharing.noTheme')}</div>
      <div className="hut-meta">
        <span>{hut.address}</span>
        {hut.openingHours ? <span>{t('sharing.hours', { hours: hut.openingHours })}</span> : null}
        {hut.keepers.length ? <span>{t('sharing.keepers', { names: hut.keepers.map((k) => k.name).join('、') })}</span> : null}
      </div>
    </Card>
  );
}

function ItemsTab() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { elderMode } = useSession();
  const [mine, setMine] = useState<'all' | 'mine'>('all');
  const [q, setQ] = useState('');
  const [category, setCategory] = useState<string | undefined>();
  const [lending, setLending] = useState(false);
  const req = useRequest((signal) => api.get<Paged<ShareItem>>('/api/share-items', { q, category, mine: mine === 'mine' ? 'true' : undefined, pageSize: 50 }, signal), [q, category, mine]);
  return (
    <>
      <Flex gap={8} wrap className="share-toolbar">
        <Segmented value={mine} onChange={(v) => setMine(v as 'all' | 'mine')} options={[{ value: 'all', label: t('sharing.item.all') }, { value: 'mine', label: t('sharing.item.mine') }]} />
        <Input.Search allowClear placeholder={t('sharing.item.search')} onSearch={setQ} className="share-search" data-testid="item-search" />
        <Select allowClear placeholder={t('sharing.item.form.category')} value={category} onChange={setCategory} className="share-category" options={ItemCategory.options.map((c) => ({ value: c, label: t(`sharing.category.${c}`) }))} />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setLending(true)} size={elderMode ? 'large' : undefined} data-testid="lend-item">
          {t('sharing.item.lend')}
        </Button>
      </Flex>
      {req.error ? <ErrorState error={req.error} onRetry={req.reload} /> : !req.data ? <PageLoading /> : req.data.items.length === 0 ? <Empty description={t('sharing.item.empty')} /> : (
        <ItemList testId="item-list">
          {req.data.items.map((i) => (
            <ItemRow
              key={i.id}
              testId="item-row"
              data-item-id={i.id}
              onClick={() => navigate(`/sharing/items/${i.id}`)}
              leading={i.photoUrl ? <img className="photo-thumb" src={i.photoUrl} alt="" loading="lazy" /> : undefined}
              title={
                <Flex gap={6} wrap align="center">
                  <span className="share-item-title">{i.title}</span>
                  <Tag>{t(`sharing.category.${i.category}`)}</Tag>
                  {i.status === 'withdrawn' ? <Tag>{t('sharing.item.withdrawn')}</Tag> : null}
                </Flex>
              }
              description={
                <span className="share-meta">
                  <span>{i.depositFen ? t('sharing.item.deposit', { amount: yuan(i.depositFen) }) : t('sharing.item.noDeposit')}</span>
                  <span>{t(`sharing.condition.${i.condition}`)}</span>
                  <span>{i.keptAt === 'hut' ? (i.hutName ?? t('sharing.keptAt.hut')) : t('sharing.item.owner', { name: i.ownerName })}</span>
                  {i.booked.length ? <span>{t('sharing.item.booked')} {i.booked.length}</span> : null}
                </span>
              }
              extra={<Distance m={i.distanceM} />}
            />
          ))}
        </ItemList>
      )}
      <LendItemDrawer open={lending} onClose={() => setLending(false)} onCreated={(item) => navigate(`/sharing/items/${item.id}`)} />
    </>
  );
}

function LoansTab() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const req = useRequest((signal) => api.get<Paged<Loan>>('/api/loans', { pageSize: 100 }, signal), []);
  useLiveEvent('sharing.loan', () => req.reload());
  if (req.error) return <ErrorState error={req.error} onRetry={req.reload} />;
  if (!req.data) return <PageLoading />;
  if (!req.data.items.length) return <Empty description={t('sharing.loan.empty')} />;
  return (
    <ItemList testId="loan-list">
      {req.data.items.map((l) => (
        <ItemRow
          key={l.id}
          testId="loan-row"
          data-loan-id={l.id}
          onClick={() => navigate(`/sharing/loans/${l.id}`)}
          title={
            <Flex gap={6} wrap align="center">
              <StatusTag kind="loan" status={l.status} />
              <span>{l.itemTitle}</span>
            </Flex>
          }
          description={
            <span className="share-meta">
              <span>{t('sharing.loan.dates', { from: l.startsOn, to: l.endsOn })}</span>
              <span>{l.as.map((a) => t(`sharing.loan.as.${a}`)).join(' · ')}</span>
              <span>{l.as.includes('borrower') ? t('sharing.loan.lender', { name: l.keptAt === 'hut' ? (l.hutName ?? l.ownerName) : l.ownerName }) : t('sharing.loan.borrower', { name: l.borrowerName })}</span>
            </span>
          }
        />
      ))}
    </ItemList>
  );
}

function SkillsTab() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const skillName = useSkillName();
  const { elderMode } = useSession();
  const [view, setView] = useState<'needs' | 'offers' | 'matches'>('needs');
  const [needing, setNeeding] = useState(false);
  const [offering, setOffering] = useState(false);
  const needs = useRequest((signal) => api.get<Paged<Need>>('/api/needs', { pageSize: 50 }, signal), [], view === 'needs');
  const offers = useRequest((signal) => api.get<Paged<Offer>>('/api/offers', { pageSize: 50 }, signal), [], view === 'offers');
  const matches = useRequest((signal) => api.get<Paged<Match>>('/api/matches', { pageSize: 50 }, signal), [], view === 'matches');
  const canPostNeed = !!me.personId || hasRole(me, ...STAFF);
  return (
    <>
      <Flex gap={8} wrap className="share-toolbar">
        <Segmented value={view} onChange={(v) => setView(v as typeof view)} options={[{ value: 'needs', label: t('sharing.skill.needs') }, { value: 'offers', label: t('sharing.skill.offers') }, { value: 'matches', label: t('sharing.match.mine') }]} />
        {canPostNeed ? (
          <Button icon={<PlusOutlined />} onClick={() => setNeeding(true)} size={elderMode ? 'large' : undefined} data-testid="post-need">
            {t('sharing.skill.postNeed')}
          </Button>
        ) : null}
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setOffering(true)} size={elderMode ? 'large' : undefined} data-testid="post-offer">
          {t('sharing.skill.postOffer')}
        </Button>
      </Flex>
      {view === 'needs' ? (
        needs.error ? <ErrorState error={needs.error} onRetry={needs.reload} /> : !needs.data ? <PageLoading /> : needs.data.items.length === 0 ? <Empty description={t('sharing.skill.noNeeds')} /> : (
          <ItemList testId="need-list">
            {needs.data.items.map((n) => (
              <ItemRow
                key={n.id}
                testId="need-row"
                onClick={() => navigate(`/sharing/needs/${n.id}`)}
                title={
                  <Flex gap={6} wrap align="center">
                    <StatusTag kind="need" status={n.status} />
                    <span>{n.title}</span>
                  </Flex>
                }
                description={
                  <span className="share-meta">
                    <span>{skillName(n.skill)}</span>
                    <span>{n.personAlias}</span>
                    <span>{n.communityName}</span>
                    <span>{n.availability.map((a) => t(`sharing.when.${a}`)).join('、')}</span>
                  </span>
                }
              />
            ))}
          </ItemList>
        )
      ) : view === 'offers' ? (
        offers.error ? <ErrorState error={offers.error} onRetry={offers.reload} /> : !offers.data ? <PageLoading /> : offers.data.items.length === 0 ? <Empty description={t('sharing.skill.noOffers')} /> : (
          <ItemList testId="offer-list">
            {offers.data.items.map((o) => (
              <ItemRow
                key={o.id}
                testId="offer-row"
                onClick={() => navigate(`/sharing/offers/${o.id}`)}
                title={
                  <Flex gap={6} wrap align="center">
                    <span>{o.title}</span>
                    <Tag color="geekblue">{t(`sharing.wish.kind.${o.helperKind}`)}</Tag>
                    {o.status !== 'active' ? <Tag>{o.status}</Tag> : null}
                  </Flex>
                }
                description={
                  <span className="share-meta">
                    <span>{o.helperName}</span>
                    <span>{o.skills.map(skillName).join('、')}</span>
                    <span>{o.rating !== null ? t('sharing.skill.rating', { rating: o.rating }) : t('sharing.skill.noRating')}</span>
                    <span>{t('sharing.skill.completed', { n: o.completed })}</span>
                  </span>
                }
              />
            ))}
          </ItemList>
        )
      ) : matches.error ? <ErrorState error={matches.error} onRetry={matches.reload} /> : !matches.data ? <PageLoading /> : matches.data.items.length === 0 ? <Empty description={t('sharing.match.empty')} /> : (
        <ItemList testId="match-list">
          {matches.data.items.map((m) => (
            <ItemRow
              key={m.id}
              testId="match-row"
              onClick={() => navigate(`/sharing/matches/${m.id}`)}
              title={
                <Flex gap={6} wrap align="center">
                  <StatusTag kind="match" status={m.status} />
                  <span>{m.needTitle}</span>
                </Flex>
              }
              description={
                <span className="share-meta">
                  <span>{t('sharing.match.helper', { name: m.helperName })}</span>
                  <span>{t('sharing.match.resident', { name: m.personAlias })}</span>
                  <span>{t('sharing.skill.score', { score: m.score })}</span>
                </span>
              }
            />
          ))}
        </ItemList>
      )}
      <NeedDrawer open={needing} onClose={() => setNeeding(false)} onCreated={(n) => navigate(`/sharing/needs/${n.id}`)} />
      <OfferDrawer open={offering} onClose={() => setOffering(false)} onCreated={(o) => navigate(`/sharing/offers/${o.id}`)} />
    </>
  );
}

function ActivitiesTab({ huts }: { huts: Hut[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const { elderMode } = useSession();
  const [creating, setCreating] = useState(false);
  const req = useRequest((signal) => api.get<Paged<Activity>>('/api/activities', { pageSize: 50 }, signal), []);
  useLiveEvent('sharing.activity', () => req.reload());
  const organiser = hasRole(me, ...STAFF, 'provider_staff');
  return (
    <>
      {organiser ? (
        <Flex justify="flex-end" className="share-toolbar">
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} size={elderMode ? 'large' : undefined} data-testid="create-activity">
            {t('sharing.activity.create')}
          </Button>
        </Flex>
      ) : null}
      {req.error ? <ErrorState error={req.error} onRetry={req.reload} /> : !req.data ? <PageLoading /> : req.data.items.length === 0 ? <Empty description={t('sharing.activity.empty')} /> : (
        <ItemList testId="activity-list">
          {req.data.items.map((a) => (
            <ItemRow
              key={a.id}
              testId="activity-row"
              onClick={() => navigate(`/sharing/activities/${a.id}`)}
              title={
                <Flex gap={6} wrap align="center">
                  {a.theme ? <Tag color="volcano">{a.theme}</Tag> : null}
                  <span>{a.title}</span>
                  {a.status !== 'open' ? <StatusTag kind="activity" status={a.status} /> : null}
                  {a.mySignup ? <Tag color="success">{t(`sharing.activity.status.${a.mySignup.status}`)}</Tag> : null}
                </Flex>
              }
              description={
                <span className="share-meta">
                  <span>{t('sharing.activity.when', { from: formatDateTime(a.startsAt), to: formatDateTime(a.endsAt).slice(11) })}</span>
                  <span>{a.place}</span>
                  <span>{t('sharing.activity.places', { n: a.registered, cap: a.capacity })}</span>
                  {a.waitlisted ? <span>{t('sharing.activity.waiting', { n: a.waitlisted })}</span> : null}
                </span>
              }
            />
          ))}
        </ItemList>
      )}
      <ActivityDrawer open={creating} huts={huts} onClose={() => setCreating(false)} onCreated={(a) => navigate(`/sharing/activities/${a.id}`)} />
    </>
  );
}

function WishesTab() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const { elderMode } = useSession();
  const [view, setView] = useState<'wall' | 'mine'>('wall');
  const [publishing, setPublishing] = useState(false);
  const req = useRequest((signal) => api.get<Paged<Wish>>('/api/wishes', { pageSize: 60, mine: view === 'mine' ? 'true' : undefined }, signal), [view]);
  useLiveEvent('wish.updated', () => req.reload());
  return (
    <>
      <Flex gap={8} wrap justify="space-between" className="share-toolbar">
        <Segmented value={view} onChange={(v) => setView(v as 'wall' | 'mine')} options={[{ value: 'wall', label: t('sharing.wish.wall') }, { value: 'mine', label: t('sharing.wish.mine') }]} />
        {hasRole(me, ...STAFF) ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setPublishing(true)} size={elderMode ? 'large' : undefined} data-testid="publish-wish">
            {t('sharing.wish.publish')}
          </Button>
        ) : null}
      </Flex>
      {req.error ? <ErrorState error={req.error} onRetry={req.reload} /> : !req.data ? <PageLoading /> : req.data.items.length === 0 ? <Empty description={t('sharing.wish.empty')} /> : (
        <div className="wish-wall" data-testid="wish-wall">
          {req.data.items.map((w) => (
            <Card key={w.id} size="small" className={`wish-card wish-${w.status}`} data-testid="wish-card" data-wish-id={w.id} onClick={() => navigate(`/sharing/wishes/${w.id}`)} hoverable>
              <Flex justify="space-between" align="start" gap={6}>
                <div className="wish-title">{w.title}</div>
                <StatusTag kind="wish" status={w.status} />
              </Flex>
              <div className="wish-who">
                {w.subject.alias} · {w.subject.ageBand}
                {w.subject.livingAlone ? ` · ${t('sharing.wish.livingAlone')}` : ''} · {w.communityName}
              </div>
              <div className="wish-story">{w.story}</div>
              <Flex justify="space-between" align="center" wrap gap={6}>
                <Tag>{t(`sharing.wish.category.${w.category}`)}</Tag>
                {w.actions.includes('claim') ? (
                  <ActButton type="primary" data-testid="wish-claim" run={async () => { await api.post(`/api/wishes/${w.id}/claim`); navigate(`/sharing/wishes/${w.id}`); }} done={t('sharing.wish.claimed')}>
                    {t('sharing.wish.claim')}
                  </ActButton>
                ) : w.claimedByName ? (
                  <Typography.Text type="secondary">{t('sharing.wish.claimedBy', { name: w.claimedByName })}</Typography.Text>
                ) : null}
              </Flex>
            </Card>
          ))}
        </div>
      )}
      <WishDrawer open={publishing} onClose={() => setPublishing(false)} onCreated={(w) => navigate(`/sharing/wishes/${w.id}`)} />
    </>
  );
}

function PairingsTab() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const { elderMode } = useSession();
  const [publishing, setPublishing] = useState(false);
  const req = useRequest((signal) => api.get<Paged<Pairing>>('/api/pairings', { pageSize: 60 }, signal), []);
  const staff = hasRole(me, ...STAFF);
  return (
    <>
      {staff ? (
        <Flex gap={8} justify="flex-end" wrap className="share-toolbar">
          <ActButton run={async () => { const r = await api.post<{ flagged: number }>('/api/pairings/sweep'); feedback.success(t('sharing.pairing.swept', { n: r.flagged })); req.reload(); }} data-testid="pairing-sweep">
            {t('sharing.pairing.sweep')}
          </ActButton>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setPublishing(true)} size={elderMode ? 'large' : undefined} data-testid="publish-pairing">
            {t('sharing.pairing.publish')}
          </Button>
        </Flex>
      ) : null}
      {req.error ? <ErrorState error={req.error} onRetry={req.reload} /> : !req.data ? <PageLoading /> : req.data.items.length === 0 ? <Empty description={t('sharing.pairing.empty')} /> : (
        <ItemList testId="pairing-list">
          {req.data.items.map((p) => (
            <ItemRow
              key={p.id}
              testId="pairing-row"
              highlight={p.flagged}
              onClick={() => navigate(`/sharing/pairings/${p.id}`)}
              title={
                <Flex gap={6} wrap align="center">
                  <StatusTag kind="pairing" status={p.status} />
                  {p.flagged ? <Tag color="error" data-testid="pairing-flagged">{t('sharing.pairing.flagged')}</Tag> : null}
                  <span>{p.householdAlias}</span>
                </Flex>
              }
              description={
                <span className="share-meta">
                  <span>{p.communityName}</span>
                  {p.helperName ? <span>{t('sharing.pairing.helper', { name: p.helperName })}</span> : <span>{p.note}</span>}
                  <span>{t('sharing.pairing.every', { n: p.visitEveryDays })}</span>
                  {p.status === 'active' ? <span>{p.lastVisitOn ? t('sharing.pairing.lastVisit', { date: formatDate(p.lastVisitOn) }) : t('sharing.pairing.noVisit')}</span> : null}
                </span>
              }
            />
          ))}
        </ItemList>
      )}
      <PairingDrawer open={publishing} onClose={() => setPublishing(false)} onCreated={(p) => navigate(`/sharing/pairings/${p.id}`)} />
    </>
  );
}
