-- Fills a migrated, demo-seeded PostgreSQL database up to 1 000 000 ledger rows for
-- the EXPLAIN plans in docs/benchmarks.md ("Query plans"): movements over a year,
-- over every place × category × condition, with the causes in the proportions a
-- season has (most intakes, then transfers, deliveries and hand-outs). The stock
-- projection is rebuilt from the ledger afterwards, so `haul check` agrees.
WITH l AS (SELECT array_agg(id ORDER BY id) AS a FROM locations),
     c AS (SELECT array_agg(id ORDER BY id) AS a FROM categories)
INSERT INTO ledger_entries (at, actor, cause, cause_id, location_id, category_id, condition, quantity)
SELECT TIMESTAMP '2026-01-01' + (g * INTERVAL '31 seconds'),
       'bench',
       (ARRAY['intake','intake','intake','intake','transfer','transfer','delivery','hand-out','write-off','regrade'])[1 + g % 10],
       g,
       l.a[1 + g % array_length(l.a, 1)],
       c.a[1 + (g / 3) % array_length(c.a, 1)],
       (ARRAY['good','usable','needs-drying','needs-cleaning','needs-repair','unusable'])[1 + (g / 7) % 6],
       1 + g % 5
FROM generate_series(1, 1000000 - (SELECT count(*) FROM ledger_entries)) AS g, l, c;
DELETE FROM stock;
INSERT INTO stock (location_id, category_id, condition, quantity)
SELECT location_id, category_id, condition, sum(quantity)
FROM ledger_entries GROUP BY 1, 2, 3 HAVING sum(quantity) > 0;
ANALYZE;
