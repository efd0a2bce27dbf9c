-- Resident search by name word, in name order.
--
-- A common name ("zhang", "dolma") matches tens of thousands of residents at 100x the demo clinic. Neither the
-- trigram index (it finds every match, which must then all be sorted) nor the name-order index (it must skip every
-- resident that sorts before the matches: "zhang" sorts last) gives the first page of them in name order cheaply.
-- This index does: one row per word of a resident's names, ordered by (word, sort_name, resident_id). A term
-- without spaces matches a resident exactly when it lies inside one of the resident's words (search_text is the
-- words joined by spaces), so the search looks up the few words of the vocabulary that contain the term and walks
-- each word's residents in name order, stopping at the page.
--
-- Words are split on the space only, as search_text joins them. The phone is not here: its digits are one word of
-- search_text, and a term that has any character other than a digit cannot lie inside it.

CREATE FUNCTION clinic_name_words(bo text, zh text, latin text) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN ARRAY(SELECT DISTINCT word
                 FROM regexp_split_to_table(lower(coalesce(bo, '') || ' ' || coalesce(zh, '') || ' '
                                                  || coalesce(latin, '')), ' ') AS word
                 WHERE word <> '' ORDER BY word);

-- Derived from residents and kept by the triggers below, like an index. The key is added after the bulk fill.
CREATE TABLE resident_name_words (
    word        text NOT NULL,
    sort_name   text NOT NULL,
    resident_id uuid NOT NULL
);
INSERT INTO resident_name_words (word, sort_name, resident_id)
    SELECT word, sort_name, id FROM residents, unnest(clinic_name_words(name_bo, name_zh, name_latin)) AS word;
ALTER TABLE resident_name_words ADD PRIMARY KEY (word, sort_name, resident_id);

-- Every word that any resident's names have held. It only grows: a word no resident holds any more finds nobody.
CREATE TABLE name_words (
    word text PRIMARY KEY
);
INSERT INTO name_words (word) SELECT DISTINCT word FROM resident_name_words;
CREATE INDEX name_words_trgm ON name_words USING gin (word gin_trgm_ops);
ANALYZE resident_name_words;
ANALYZE name_words;

-- Residents added by one statement (the seed adds thousands at once) are indexed by one statement. Vocabulary words
-- are added in sorted order, so two transactions adding the same new words cannot deadlock on them.
CREATE FUNCTION clinic_index_added_residents() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO resident_name_words (word, sort_name, resident_id)
        SELECT word, added.sort_name, added.id
        FROM added, unnest(clinic_name_words(added.name_bo, added.name_zh, added.name_latin)) AS word;
    INSERT INTO name_words (word)
        SELECT DISTINCT word FROM added, unnest(clinic_name_words(added.name_bo, added.name_zh, added.name_latin)) AS word
        ORDER BY word ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

-- A resident's rows are found through the key, by the words and sort name the resident had.
CREATE FUNCTION clinic_unindex_removed_residents() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM resident_name_words w
        USING removed, unnest(clinic_name_words(removed.name_bo, removed.name_zh, removed.name_latin)) AS gone (word)
        WHERE w.word = gone.word AND w.sort_name = removed.sort_name AND w.resident_id = removed.id;
    RETURN NULL;
END $$;

CREATE TRIGGER residents_index_added AFTER INSERT ON residents
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION clinic_index_added_residents();
CREATE TRIGGER residents_unindex_removed AFTER DELETE ON residents
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION clinic_unindex_removed_residents();
-- A rename is a removal and an addition.
CREATE FUNCTION clinic_index_renamed_resident() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM resident_name_words
        WHERE word = ANY (clinic_name_words(OLD.name_bo, OLD.name_zh, OLD.name_latin))
          AND sort_name = OLD.sort_name AND resident_id = OLD.id;
    INSERT INTO resident_name_words (word, sort_name, resident_id)
        SELECT word, NEW.sort_name, NEW.id FROM unnest(clinic_name_words(NEW.name_bo, NEW.name_zh, NEW.name_latin)) AS word;
    INSERT INTO name_words (word)
        SELECT word FROM unnest(clinic_name_words(NEW.name_bo, NEW.name_zh, NEW.name_latin)) AS word
        ORDER BY word ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE TRIGGER residents_index_renamed AFTER UPDATE OF name_bo, name_zh, name_latin ON residents
    FOR EACH ROW WHEN (OLD.name_bo IS DISTINCT FROM NEW.name_bo OR OLD.name_zh IS DISTINCT FROM NEW.name_zh
                       OR OLD.name_latin IS DISTINCT FROM NEW.name_latin)
    EXECUTE FUNCTION clinic_index_renamed_resident();
