-- The name-order index carries search_text, so a search for a common name can walk the name order and skip the
-- residents that do not match without reading the table (an index-only scan). It replaces residents_sort, which
-- had the same key.
CREATE INDEX residents_sort_search ON residents (sort_name, id) INCLUDE (search_text);
DROP INDEX residents_sort;
