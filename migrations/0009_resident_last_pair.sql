-- Resident search by a name followed by phone digits ("dolma 13912"), whatever the register's size.
--
-- Such a term has no two named pieces side by side for 0008's pairs, and its trigrams are among the commonest of
-- the register ("dol", "139"): at 100x the demo clinic, counting its matches through the trigram index costs 31 ms
-- a search, and walking the residents of "dolma" in name order checks 400 of them for every one that matches.
-- Its digits, after a space, start a word of search_text: the phone, its last word (unless a name word starts with
-- them, which the search looks up first). Its name piece then ends the word just before the phone, the last word of
-- the names. This index holds those two last words of search_text, compared byte by byte (text_pattern_ops, as a
-- LIKE prefix needs whatever the database's collation), so the residents whose last two words start with
-- "dolma 13912" are one range of it: 297 entries at 100x, read in under a millisecond.

CREATE FUNCTION clinic_last_pair(search_text text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN split_part(search_text, ' ', -2) || ' ' || split_part(search_text, ' ', -1);

CREATE INDEX residents_last_pair ON residents (clinic_last_pair(search_text) text_pattern_ops);
ANALYZE residents;
