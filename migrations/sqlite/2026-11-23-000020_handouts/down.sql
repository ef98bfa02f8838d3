DROP TABLE handout_unmet;
DROP TABLE handouts;
