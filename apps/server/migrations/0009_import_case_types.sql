-- Imports also feed the grid's case catalogue: a source may carry case types (see
-- modules/imports and docs/IMPORTS-AND-PROOFS.md). Rows are written through the cases service.
alter table import_sources drop constraint import_sources_entity_check;
alter table import_sources add constraint import_sources_entity_check check (entity in ('residents','households','case_types'));
