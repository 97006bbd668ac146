-- 0004: the revision triggers fire also in sessions with session_replication_role = replica,
-- which a checked bulk import uses to skip the per-row foreign-key checks (store_pg.c
-- pg_fk_enforce).  The history of old values must never depend on how a row was written.
-- Every revision trigger created from now on must be ENABLE ALWAYS as well.
ALTER TABLE district ENABLE ALWAYS TRIGGER district_rev_u;
ALTER TABLE industry ENABLE ALWAYS TRIGGER industry_rev_u;
ALTER TABLE enterprise ENABLE ALWAYS TRIGGER enterprise_rev_u;
ALTER TABLE equipment ENABLE ALWAYS TRIGGER equipment_rev_u;
ALTER TABLE equipment_param ENABLE ALWAYS TRIGGER equipment_param_rev_u;
ALTER TABLE equipment_param ENABLE ALWAYS TRIGGER equipment_param_rev_d;
ALTER TABLE energy ENABLE ALWAYS TRIGGER energy_rev_u;
ALTER TABLE output ENABLE ALWAYS TRIGGER output_rev_u;
ALTER TABLE economics ENABLE ALWAYS TRIGGER economics_rev_u;
ALTER TABLE inspection ENABLE ALWAYS TRIGGER inspection_rev_u;
ALTER TABLE licence ENABLE ALWAYS TRIGGER licence_rev_u;
ALTER TABLE dual_control_target ENABLE ALWAYS TRIGGER dual_control_target_rev_u;
