DROP TABLE need_withdrawals;
DROP TABLE need_evidence;
