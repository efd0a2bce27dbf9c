-- The name-order index (0014) carries `search_text` so a search can walk it without reading the table. Since 0016 a
-- restrictive policy on residents reads `grid` (a grid worker sees their grids only) for every row, whoever the
-- caller: without `grid` in the index every row walked was fetched from the table, and the planner, guessing the
-- policies keep few rows, often sorted a sequential scan instead (a phone-digit search's probe of 2,000 names: 34 ms
-- as the server's role, 3.4 ms with `grid` here, in a room of 16,528).
CREATE INDEX residents_sort_search_with_grid ON residents (clinic_id, sort_name, id) INCLUDE (search_text, grid);
DROP INDEX residents_sort_search;
ALTER INDEX residents_sort_search_with_grid RENAME TO residents_sort_search;
