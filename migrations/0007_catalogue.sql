-- 0007_catalogue: an index for the catalogue's facet counts (issue #4).
-- Every view of /{lang}/courses groups the published courses by role family,
-- level, format and languages of delivery (server/catalogue/store.c); with
-- this index MariaDB answers from the index alone (EXPLAIN: "Using index", no
-- temporary table, no filesort) instead of reading every course row with its
-- summaries.
CREATE INDEX IF NOT EXISTS courses_facets
    ON courses (published, role_family, level, format, in_cy, in_en);
