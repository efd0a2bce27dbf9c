-- Resident search by a whole name ("tenzin dolma", "zhang wei"), in name order.
--
-- A term of several pieces matched through the trigram index costs what its commonest trigrams cost, which grows
-- with the register (2.3 s for "tenzin dolma" at 100x the demo clinic), and walking the residents of one of its
-- words in name order skips every holder of that word who is not the match ("tenzin": 124,000 residents).
-- Two adjacent pieces of a term, each with a character other than a digit, lie inside two adjacent words of the
-- resident's names ("tenzin dolma" inside "tenzin dolma", "g crowdson" inside "kelsang crowdson"): the phone, the
-- only other word of search_text, is digits only. So 0007's index also holds each pair of adjacent name words, as
-- one key with a space, and the pairs have their own vocabulary (`name_pairs`), which the one-word lookups of
-- `name_words` never see.
--
-- Pairs are adjacent in search_text: a missing name leaves an empty word between its neighbours (two spaces), and
-- no pair spans it, as no term with single spaces does.

CREATE FUNCTION clinic_name_pairs(bo text, zh text, latin text) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN ARRAY(SELECT DISTINCT w[i] || ' ' || w[i + 1]
                 FROM (SELECT regexp_split_to_array(lower(coalesce(bo, '') || ' ' || coalesce(zh, '') || ' '
                                                          || coalesce(latin, '')), ' ') AS w) split,
                      generate_series(1, array_length(w, 1) - 1) AS i
                 WHERE w[i] <> '' AND w[i + 1] <> '' ORDER BY 1);

-- Every key of a resident in resident_name_words: its words and its pairs (a pair has a space, a word none).
CREATE FUNCTION clinic_name_keys(bo text, zh text, latin text) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN clinic_name_words(bo, zh, latin) || clinic_name_pairs(bo, zh, latin);

INSERT INTO resident_name_words (word, sort_name, resident_id)
    SELECT pair, sort_name, id FROM residents, unnest(clinic_name_pairs(name_bo, name_zh, name_latin)) AS pair;

-- Every pair that any resident's names have held; like name_words, it only grows.
CREATE TABLE name_pairs (
    pair text PRIMARY KEY
);
INSERT INTO name_pairs (pair) SELECT DISTINCT word FROM resident_name_words WHERE word LIKE '% %';
CREATE INDEX name_pairs_trgm ON name_pairs USING gin (pair gin_trgm_ops);
ANALYZE resident_name_words;
ANALYZE name_pairs;

-- 0007's triggers, now keeping the pairs too.
CREATE OR REPLACE FUNCTION clinic_index_added_residents() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO resident_name_words (word, sort_name, resident_id)
        SELECT word, added.sort_name, added.id
        FROM added, unnest(clinic_name_keys(added.name_bo, added.name_zh, added.name_latin)) AS word;
    INSERT INTO name_words (word)
        SELECT DISTINCT word FROM added, unnest(clinic_name_words(added.name_bo, added.name_zh, added.name_latin)) AS word
        ORDER BY word ON CONFLICT DO NOTHING;
    INSERT INTO name_pairs (pair)
        SELECT DISTINCT pair FROM added, unnest(clinic_name_pairs(added.name_bo, added.name_zh, added.name_latin)) AS pair
        ORDER BY pair ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION clinic_unindex_removed_residents() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM resident_name_words w
        USING removed, unnest(clinic_name_keys(removed.name_bo, removed.name_zh, removed.name_latin)) AS gone (word)
        WHERE w.word = gone.word AND w.sort_name = removed.sort_name AND w.resident_id = removed.id;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION clinic_index_renamed_resident() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM resident_name_words
        WHERE word = ANY (clinic_name_keys(OLD.name_bo, OLD.name_zh, OLD.name_latin))
          AND sort_name = OLD.sort_name AND resident_id = OLD.id;
    INSERT INTO resident_name_words (word, sort_name, resident_id)
        SELECT word, NEW.sort_name, NEW.id FROM unnest(clinic_name_keys(NEW.name_bo, NEW.name_zh, NEW.name_latin)) AS word;
    INSERT INTO name_words (word)
        SELECT word FROM unnest(clinic_name_words(NEW.name_bo, NEW.name_zh, NEW.name_latin)) AS word
        ORDER BY word ON CONFLICT DO NOTHING;
    INSERT INTO name_pairs (pair)
        SELECT pair FROM unnest(clinic_name_pairs(NEW.name_bo, NEW.name_zh, NEW.name_latin)) AS pair
        ORDER BY pair ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
