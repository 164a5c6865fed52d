-- Data integration and tamper-evident proofs.
--
-- Imports: sources (a departmental system, with an optional push key), import jobs with their
-- row-level errors, the link from each source record to the Linli record it became (incremental
-- re-import and field provenance), value conflicts between sources, and entity resolution
-- (review queue of uncertain pairs, reversible merges).
--
-- Proofs: issuers, their Ed25519 keys (private keys encrypted at rest), and a transparency log as
-- in Certificate Transparency (RFC 9162): the exact bytes of every entry, its leaf hash, the
-- hashes of complete subtrees, and signed tree heads. Proofs index the log for lookups.
--
-- Like 0001, every table carries district_id and leads its primary key with it.

-- A resident merged into another keeps its row (for un-merge) with status 'merged'.
alter table persons drop constraint if exists persons_status_check;
alter table persons add constraint persons_status_check check (status in ('active','moved_out','deceased','merged'));

create table import_sources (
  district_id   text not null references districts(id),
  id            uuid not null,
  name          text not null,                 -- e.g. 区民政局低保系统
  entity        text not null check (entity in ('residents','households')),
  area_id       uuid not null,                 -- where its records go; staff import into their area
  area_path     text not null,
  mapping       jsonb not null default '{}'::jsonb,  -- the last mapping used, offered again
  push_key_hash text,                          -- sha256 of the per-source push key
  push_key_hint text,                          -- its first characters, to tell keys apart
  created_by    uuid,
  created_at    timestamptz not null default now(),
  primary key (district_id, id),
  unique (district_id, name)
);

create table import_jobs (
  district_id     text not null references districts(id),
  id              uuid not null,
  source_id       uuid not null,
  entity          text not null,
  area_path       text not null,
  status          text not null check (status in ('uploaded','running','done','failed','cancelled')),
  dry_run         boolean not null default false,
  all_or_nothing  boolean not null default false,
  format          text not null check (format in ('csv','xlsx','json')),
  encoding        text,                        -- utf-8 | gbk (CSV), detected from the bytes
  file_name       text not null,
  file_path       text,                        -- under <dataDir>/imports; removed when done
  file_size       bigint not null default 0,
  columns         text[] not null default '{}',
  preview         jsonb not null default '[]'::jsonb,
  mapping         jsonb,
  total_rows      integer,
  processed_rows  integer not null default 0,
  created_rows    integer not null default 0,
  updated_rows    integer not null default 0,
  unchanged_rows  integer not null default 0,
  matched_rows    integer not null default 0,  -- joined to an existing resident by entity resolution
  review_rows     integer not null default 0,  -- an uncertain pair queued for review
  conflict_rows   integer not null default 0,
  error_rows      integer not null default 0,
  message         text,
  cancel_requested boolean not null default false,
  created_by      uuid,
  created_at      timestamptz not null default now(),
  started_at      timestamptz,
  finished_at     timestamptz,
  primary key (district_id, id)
);
create index import_jobs_source on import_jobs (district_id, source_id, created_at desc);

create table import_errors (
  district_id  text not null,
  job_id       uuid not null,
  row_no       integer not null,               -- 1 = the first data row after the header
  seq          smallint not null,
  source_key   text,
  field        text not null,
  message      text not null,
  raw          jsonb not null default '{}'::jsonb,
  primary key (district_id, job_id, row_no, seq)
);

-- Each source record and the Linli record it became. `fields` lists the fields whose current value
-- came from this record (provenance); `values` keeps what the source last said, so nothing is lost.
create table import_records (
  district_id  text not null,
  source_id    uuid not null,
  source_key   text not null,
  entity       text not null,
  target_id    uuid not null,
  job_id       uuid not null,
  row_hash     text not null,
  fields       text[] not null default '{}',
  "values"     jsonb not null default '{}'::jsonb,
  updated_at   timestamptz not null default now(),
  primary key (district_id, source_id, source_key)
);
create index import_records_target on import_records (district_id, entity, target_id);

create table import_conflicts (
  district_id      text not null,
  id               uuid not null,
  job_id           uuid not null,
  entity           text not null,
  target_id        uuid not null,
  area_path        text not null,
  field            text not null,
  current_value    text,
  current_source   text,                       -- the source's name, or 'register' for manual entry
  incoming_value   text,
  incoming_source_id uuid not null,
  status           text not null default 'open' check (status in ('open','kept','replaced')),
  decided_by       uuid,
  decided_at       timestamptz,
  created_at       timestamptz not null default now(),
  primary key (district_id, id)
);
create index import_conflicts_open on import_conflicts (district_id, status, area_path text_pattern_ops);

-- Entity resolution: pairs that may be the same person, waiting for a person to decide.
create table match_candidates (
  district_id  text not null,
  id           uuid not null,
  job_id       uuid,
  person_a     uuid not null,                  -- the record that arrived
  person_b     uuid not null,                  -- the existing record it resembles
  area_path    text not null,
  score        double precision not null,
  reasons      jsonb not null default '{}'::jsonb,
  status       text not null default 'pending' check (status in ('pending','merged','distinct')),
  decided_by   uuid,
  decided_at   timestamptz,
  created_at   timestamptz not null default now(),
  primary key (district_id, id)
);
create index match_candidates_status on match_candidates (district_id, status, area_path text_pattern_ops);

create table person_merges (
  district_id     text not null,
  id              uuid not null,
  survivor_id     uuid not null,
  merged_id       uuid not null,
  candidate_id    uuid,
  survivor_before jsonb not null,              -- the survivor's fields before the merge
  merged_before   jsonb not null,              -- the merged record as it was
  moved_records   jsonb not null default '[]'::jsonb,  -- import_records re-pointed to the survivor
  merged_by       uuid,
  merged_at       timestamptz not null default now(),
  undone_by       uuid,
  undone_at       timestamptz,
  primary key (district_id, id)
);
create index person_merges_merged on person_merges (district_id, merged_id);

-- Residents without an ID number are matched by birth date and phone first (blocking).
create index persons_birth_date on persons (district_id, birth_date);
create index persons_phone on persons (district_id, phone);

-- ---------------------------------------------------------------------------------------------
-- Proofs and the transparency log

create table proof_issuers (
  district_id  text not null references districts(id),
  id           uuid not null,
  kind         text not null check (kind in ('organisation','area')),
  org_id       uuid,
  area_id      uuid,
  area_path    text,                           -- communities: the subtree they may issue about
  name         text not null,
  claim_types  text[] not null,
  created_at   timestamptz not null default now(),
  revoked_at   timestamptz,
  primary key (district_id, id)
);
create unique index proof_issuers_org on proof_issuers (district_id, org_id) where org_id is not null;
create unique index proof_issuers_area on proof_issuers (district_id, area_id) where area_id is not null;

-- Ed25519 keys of the log (owner 'log') and of issuers (owner = issuer id). The private key is
-- PKCS#8 DER sealed with AES-256-GCM under the master key (config or <dataDir>/keys).
create table signing_keys (
  district_id   text not null references districts(id),
  id            text not null,                 -- hex of the first 8 bytes of SHA-256(public key)
  owner         text not null,
  public_key    bytea not null,                -- raw 32 bytes
  private_sealed bytea not null,               -- iv(12) || tag(16) || ciphertext
  created_at    timestamptz not null default now(),
  retired_at    timestamptz,
  primary key (district_id, id)
);
create index signing_keys_owner on signing_keys (district_id, owner) where retired_at is null;

create table transparency_logs (
  district_id  text not null references districts(id),
  size         bigint not null default 0,
  primary key (district_id)
);

-- RFC 9162 leaves: the exact bytes hashed, and SHA-256(0x00 || entry).
create table log_entries (
  district_id  text not null,
  idx          bigint not null,
  kind         text not null check (kind in ('proof','revocation')),
  proof_id     uuid not null,
  entry        bytea not null,
  leaf_hash    bytea not null,
  created_at   timestamptz not null default now(),
  primary key (district_id, idx)
);

-- Complete subtrees: node (level, idx) covers leaves [idx * 2^level, (idx + 1) * 2^level).
create table log_nodes (
  district_id  text not null,
  level        smallint not null,
  idx          bigint not null,
  hash         bytea not null,
  primary key (district_id, level, idx)
);

create table tree_heads (
  district_id  text not null,
  tree_size    bigint not null,
  timestamp    bigint not null,                -- milliseconds since the epoch
  root_hash    bytea not null,
  key_id       text not null,
  signature    bytea not null,                 -- Ed25519 over the TLS encoding of TreeHeadDataV2
  primary key (district_id, tree_size)
);

create table proofs (
  district_id      text not null,
  id               uuid not null,
  issuer_id        uuid not null,
  subject_type     text not null check (subject_type in ('person','household','area')),
  subject_id       uuid not null,
  area_path        text not null,
  claim_type       text not null,
  claim            jsonb not null,
  issued_at        timestamptz not null,
  valid_until      date,
  leaf_index       bigint not null,
  issued_by        uuid,
  revoked_at       timestamptz,
  revocation_index bigint,
  revocation_reason text,
  primary key (district_id, id)
);
create index proofs_subject on proofs (district_id, subject_type, subject_id);
create index proofs_issuer on proofs (district_id, issuer_id, issued_at desc);
