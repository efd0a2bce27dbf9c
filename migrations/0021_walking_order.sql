-- The unvisited-elderly list walks by grid, household and address, and people number those: "Grid 2" comes before
-- "Grid 10", "No. 9" before "No. 12". Text in the database's collation sorts digit by digit ("Grid 10" first), so
-- these three keys compare in this collation instead: ICU's root locale with numeric ordering (digits as numbers,
-- the rest as the root collation orders Tibetan, Chinese and Latin letters).
CREATE COLLATION walking_order (provider = icu, locale = 'und-u-kn-true');
