DROP TABLE priority_versions;
DROP TABLE needs;
