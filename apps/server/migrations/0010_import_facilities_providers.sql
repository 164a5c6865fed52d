-- Imports also feed the catalogue's supply side: a source may carry facilities or providers (see
-- modules/imports and docs/IMPORTS-AND-PROOFS.md). Rows are written through the catalogue service.
alter table import_sources drop constraint import_sources_entity_check;
alter table import_sources add constraint import_sources_entity_check check (entity in ('residents','households','case_types','facilities','providers'));
