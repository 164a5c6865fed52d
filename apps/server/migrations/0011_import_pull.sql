-- Scheduled pull: a source may name a URL that answers a JSON array of records and how often to
-- fetch it; the server's scheduler runs each due source through the push pipeline (modules/imports/puller.ts).
alter table import_sources add column pull_url text;
alter table import_sources add column pull_every_minutes integer check (pull_every_minutes between 1 and 10080);
alter table import_sources add column pulled_at timestamptz;
alter table import_sources add column pull_message text;
alter table import_sources add constraint import_sources_pull_check check ((pull_url is null) = (pull_every_minutes is null));
