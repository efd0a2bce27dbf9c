-- The monthly report's visits by grid in the order people number grids, as the unvisited-elderly list walks them
-- (0021's walking_order): "Grid 2" before "Grid 10" (text order put "Grid 10" first), residents without a grid last.
-- Only the ORDER BY changes from 0017.
CREATE OR REPLACE FUNCTION report_outreach(clinic uuid, month date) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH m AS (SELECT * FROM report_month(clinic, month)),
    v AS (
        SELECT v.outcome, coalesce(r.grid, '') AS grid
        FROM m JOIN outreach_visits v ON v.clinic_id = clinic AND v.visited_at >= m.starts AND v.visited_at < m.ends
        JOIN residents r ON r.id = v.resident_id
    )
    SELECT jsonb_build_object(
        'visits', (SELECT count(*) FROM v),
        'byOutcome', (SELECT jsonb_object_agg(o.outcome, (SELECT count(*) FROM v WHERE v.outcome = o.outcome))
                      FROM unnest(ARRAY['seenWell', 'notHome', 'needsDoctor', 'hospitalised', 'movedAway',
                                        'deceased']) AS o (outcome)),
        'byGrid', coalesce((SELECT jsonb_agg(jsonb_build_object('grid', g.grid, 'visits', g.visits)
                                             ORDER BY g.grid = '', g.grid COLLATE walking_order)
                            FROM (SELECT grid, count(*) AS visits FROM v GROUP BY grid) g), '[]'))
$$;
