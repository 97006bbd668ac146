-- 0011 facts_unrecorded: a yes/no registry fact that a rule reads has three states.
-- enterprise.has_downstream and industry.two_high were NOT NULL DEFAULT 0, so an enterprise
-- nobody asked about read as "no downstream" and the independent lime / carbide / ferroalloy
-- rules (PF-INDEP-*) decided "exit" for it.  Now NULL means not recorded (未记录): the rules
-- that read the fact cannot decide and the enterprise goes on the 数据待补 work list.
-- Existing rows keep their values (0 stays 0: the step cannot know which zeros were asked).

ALTER TABLE industry ALTER COLUMN two_high DROP NOT NULL, ALTER COLUMN two_high DROP DEFAULT;
ALTER TABLE enterprise ALTER COLUMN has_downstream DROP NOT NULL,
    ALTER COLUMN has_downstream DROP DEFAULT;
