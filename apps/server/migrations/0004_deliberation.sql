-- Deliberation and votes: topics with comments, supporters, moderation and a stage history;
-- meetings with invitees and attendance; property units and their owners; ballots with a frozen
-- roll of electors, one vote row per elector, a status history and a published result digest.
--
-- Like 0001, every table carries district_id and leads its primary key with it.

create table topics (
  district_id      text not null references districts(id),
  id               uuid not null,
  area_id          uuid not null,                 -- building, compound or community
  area_path        text not null,
  title            text not null,
  body             text not null,
  stage            text not null check (stage in ('raised','discussing','meeting_scheduled','voting','decided','being_carried_out','done','withdrawn')),
  raised_by        uuid not null,                 -- users.id
  raised_by_name   text not null,
  supporter_count  integer not null default 0,
  comment_count    integer not null default 0,
  decision         text,
  follow_up        text,
  created_at       timestamptz not null default now(),
  updated_at       timestamptz not null default now(),
  version          integer not null default 1,
  primary key (district_id, id)
);
create index topics_path on topics (district_id, area_path text_pattern_ops);
create index topics_updated on topics (district_id, updated_at desc);

create table topic_supporters (
  district_id  text not null references districts(id),
  topic_id     uuid not null,
  user_id      uuid not null,
  at           timestamptz not null default now(),
  primary key (district_id, topic_id, user_id)
);

create table topic_comments (
  district_id    text not null references districts(id),
  id             uuid not null,
  topic_id       uuid not null,
  parent_id      uuid,                            -- a reply to another comment of the same topic
  author_id      uuid not null,
  author_name    text not null,
  body           text not null,
  hidden         boolean not null default false,
  hidden_reason  text,
  hidden_by      uuid,
  hidden_at      timestamptz,
  report_count   integer not null default 0,
  created_at     timestamptz not null default now(),
  primary key (district_id, id)
);
create index topic_comments_topic on topic_comments (district_id, topic_id, created_at);

create table comment_reports (
  district_id  text not null references districts(id),
  comment_id   uuid not null,
  user_id      uuid not null,
  reason       text not null,
  at           timestamptz not null default now(),
  primary key (district_id, comment_id, user_id)
);

create table topic_history (
  district_id  text not null references districts(id),
  id           bigint generated always as identity,
  topic_id     uuid not null,
  action       text not null,
  from_stage   text,
  to_stage     text not null,
  by_user      uuid,
  by_name      text not null,
  note         text,
  at           timestamptz not null default now(),
  primary key (district_id, id)
);
create index topic_history_topic on topic_history (district_id, topic_id, id);

create table meetings (
  district_id      text not null references districts(id),
  id               uuid not null,
  topic_id         uuid,
  area_id          uuid not null,
  area_path        text not null,
  title            text not null,
  starts_at        timestamptz not null,
  place_kind       text not null check (place_kind in ('hut','online')),
  place            text not null,
  agenda           jsonb not null default '[]'::jsonb,
  status           text not null default 'scheduled' check (status in ('scheduled','held','cancelled')),
  minutes          text,
  decisions        jsonb not null default '[]'::jsonb,
  created_by       uuid not null,
  created_by_name  text not null,
  created_at       timestamptz not null default now(),
  updated_at       timestamptz not null default now(),
  version          integer not null default 1,
  primary key (district_id, id)
);
create index meetings_path on meetings (district_id, area_path text_pattern_ops);
create index meetings_topic on meetings (district_id, topic_id);

create table meeting_invitees (
  district_id  text not null references districts(id),
  meeting_id   uuid not null,
  id           uuid not null,
  person_id    uuid,
  name         text not null,
  role         text,
  attended     boolean,                           -- null until the attendance is recorded
  primary key (district_id, meeting_id, id)
);

-- Property units (专有部分) with their exclusive floor area as registered, in whole square
-- centimetres so sums and ratios are exact; owned by persons (one, or co-owners with shares) or
-- still by the developer (unsold or undelivered).
create table property_units (
  district_id     text not null references districts(id),
  id              uuid not null,
  building_id     uuid not null,
  area_path       text not null,                  -- path of the building
  label           text not null,                  -- e.g. 3-302
  area_cm2        bigint not null check (area_cm2 > 0),
  owner_type      text not null check (owner_type in ('persons','developer')),
  developer_name  text,
  created_at      timestamptz not null default now(),
  updated_at      timestamptz not null default now(),
  version         integer not null default 1,
  primary key (district_id, id),
  unique (district_id, building_id, label)
);
create index property_units_path on property_units (district_id, area_path text_pattern_ops);

create table unit_owners (
  district_id  text not null references districts(id),
  unit_id      uuid not null,
  person_id    uuid not null,
  share_num    integer not null check (share_num > 0),
  share_den    integer not null check (share_den > 0 and share_num <= share_den),
  primary key (district_id, unit_id, person_id)
);
create index unit_owners_person on unit_owners (district_id, person_id);

create table ballots (
  district_id         text not null references districts(id),
  id                  uuid not null,
  topic_id            uuid,
  area_id             uuid not null,
  area_path           text not null,
  title               text not null,
  description         text not null default '',
  kind                text not null check (kind in ('single','multiple','yes_no','owners')),
  matter              text,                       -- owners' ballots: the art. 278 item
  options             jsonb not null,             -- [{id, label}]
  max_choices         integer not null default 1,
  opens_at            timestamptz not null,
  closes_at           timestamptz not null,
  results_visibility  text not null check (results_visibility in ('live','after_close')),
  secrecy             text not null check (secrecy in ('secret','open')),
  status              text not null check (status in ('scheduled','open','closed','cancelled')),
  created_by          uuid not null,
  created_by_name     text not null,
  created_at          timestamptz not null default now(),
  closed_at           timestamptz,
  result              jsonb,                      -- the frozen result record
  result_digest       text,                       -- SHA-256 of its canonical JSON
  version             integer not null default 1,
  primary key (district_id, id),
  check (closes_at > opens_at),
  check (kind <> 'owners' or matter is not null)
);
create index ballots_path on ballots (district_id, area_path text_pattern_ops);
create index ballots_due on ballots (district_id, status, closes_at);

-- The roll, frozen when the ballot is created: one row per elector. For ordinary ballots an
-- elector is one adult resident; for owners' ballots it is one head in the SPC's count (the
-- owners of one unit, a buyer with several units, or the developer), with its exclusive area.
create table ballot_electors (
  district_id  text not null references districts(id),
  ballot_id    uuid not null,
  elector_key  text not null,
  kind         text not null check (kind in ('resident','owners','developer')),
  person_ids   uuid[] not null default '{}',
  label        text not null,
  unit_labels  text[] not null default '{}',
  area_cm2     bigint,
  primary key (district_id, ballot_id, elector_key)
);
create index ballot_electors_person on ballot_electors using gin (person_ids);

-- One vote per elector: the primary key is the guarantee. A changed vote updates the row and
-- bumps its revision; after close the rows are frozen (trigger below).
create table ballot_votes (
  district_id       text not null references districts(id),
  ballot_id         uuid not null,
  elector_key       text not null,
  choices           text[] not null,
  method            text not null check (method in ('online','paper','in_person')),
  cast_by_user      uuid not null,
  cast_by_person    uuid,
  recorded_by_name  text,                         -- staff who recorded a paper or in-person vote
  note              text,
  cast_at           timestamptz not null default now(),
  revision          integer not null default 1,
  primary key (district_id, ballot_id, elector_key)
);

create table ballot_history (
  district_id  text not null references districts(id),
  id           bigint generated always as identity,
  ballot_id    uuid not null,
  action       text not null,
  from_status  text,
  to_status    text not null,
  by_user      uuid,
  by_name      text not null,
  note         text,
  at           timestamptz not null default now(),
  primary key (district_id, id)
);
create index ballot_history_ballot on ballot_history (district_id, ballot_id, id);

-- A closed or cancelled ballot's record is frozen: no vote may be added, changed or removed.
create function ballot_votes_frozen() returns trigger language plpgsql as $$
begin
  if exists (
    select 1 from ballots b
    where b.district_id = coalesce(new.district_id, old.district_id)
      and b.id = coalesce(new.ballot_id, old.ballot_id)
      and b.status in ('closed', 'cancelled')
  ) then
    raise exception 'the ballot is closed; its votes are frozen' using errcode = 'P0001';
  end if;
  return coalesce(new, old);
end
$$;
create trigger ballot_votes_frozen before insert or update or delete on ballot_votes
  for each row execute function ballot_votes_frozen();
