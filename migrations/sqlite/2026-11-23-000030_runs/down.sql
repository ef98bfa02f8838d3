DROP TABLE run_lines;
DROP TABLE run_stops;
DROP TABLE runs;
DROP TABLE vans;
