-- District cloud platform: roll-ups kept in the same transaction as every write, so the demand
-- map and the dashboard never scan persons (1.33 M rows) or other modules' tables per request.
--
-- Area keys: every key starts with the path of the community the row belongs to ('c' rows are
-- that path; 'g', 'h8' and 'h9' rows are '<community path>|<grid id or H3 cell>'), so one
-- `key like '<area path>%'` limits any level to a street's or community's scope, and streets and
-- the district are sums of their communities (no hot district row for concurrent writers).

-- Residents by birth year: age bands are sums of years, so they need no nightly recount.
create table insight_residents (
  district_id   text not null references districts(id),
  level         text not null check (level in ('c','g','h8','h9')),
  key           text not null,
  birth_year    smallint not null,
  residents     integer not null default 0,
  living_alone  integer not null default 0,
  disabled      integer not null default 0,
  low_income    integer not null default 0,
  primary key (district_id, level, key, birth_year)
);

-- The same counts by birth date. Only the three boundary years (turning 18, 60 or 80 this year)
-- are read from here, for the part of that year whose birthdays have passed: exact to the day.
create table insight_birthdays (
  district_id   text not null references districts(id),
  birth_date    date not null,
  community     text not null,
  grid          text not null default '',
  h9            text not null default '',
  h8            text not null default '',
  residents     integer not null default 0,
  living_alone  integer not null default 0,
  disabled      integer not null default 0,
  low_income    integer not null default 0,
  primary key (district_id, birth_date, community, grid, h9)
);

-- Households with at least one active resident, per area key.
create table insight_households (
  district_id   text not null references districts(id),
  level         text not null check (level in ('c','g','h8','h9')),
  key           text not null,
  households    integer not null default 0,
  primary key (district_id, level, key)
);

-- Every other module's figures: one row per metric, dimension (status, department, category),
-- area key and day. Flows (orders completed) sum over a period; stocks (cases by status) sum
-- every day up to the period's end.
create table insight_counters (
  district_id   text not null references districts(id),
  metric        text not null,
  dim           text not null default '',
  level         text not null check (level in ('c','g','h8','h9')),
  key           text not null,
  day           date not null,
  value         bigint not null default 0,
  primary key (district_id, metric, level, key, dim, day)
);
create index insight_counters_day on insight_counters (district_id, metric, day);

-- H3 cells of each building, so full recounts can group residents by hexagon in SQL.
create table insight_places (
  district_id   text not null references districts(id),
  building_id   uuid not null,
  h9            text not null,
  h8            text not null,
  primary key (district_id, building_id)
);

-- When the roll-ups were last rebuilt from the raw tables (absent: build on first read).
create table insight_state (
  district_id   text primary key references districts(id),
  built_at      timestamptz not null default now()
);

-- Premises an official marks as possible sites for a new facility.
create table insight_candidates (
  district_id   text not null references districts(id),
  id            uuid not null,
  name          text not null,
  lat           double precision not null,
  lon           double precision not null,
  area_path     text not null,
  note          text not null default '',
  created_by    uuid,
  created_at    timestamptz not null default now(),
  primary key (district_id, id)
);
create index insight_candidates_path on insight_candidates (district_id, area_path text_pattern_ops);
