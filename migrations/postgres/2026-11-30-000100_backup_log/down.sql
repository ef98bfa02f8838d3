DROP TABLE backup_log;
