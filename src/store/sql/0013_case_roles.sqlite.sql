-- 0013 case_roles: who opened a case and who took each step, by the account's own roles.
-- The web maps an account's roles onto the casefsm roles a transition names (core/authz.h:
-- city acts as miit and city_admin); until now only that mapped role was stored, so a city
-- officer's opening read "miit".  Now a case keeps, beside its opening, the opener's own roles
-- (opened_roles: "city", or the role given on the command line), the casefsm role the opening
-- was made as (opened_as: "miit"), and the reason given; an event keeps the actor's own roles
-- (actor_roles) beside case_event.role, which stays the casefsm role the replay needs.
-- Cases opened before this step get opened_as from their case.open audit row (its
-- "role=<casefsm role>"); their opener's own roles were never recorded and stay NULL
-- (shown as 未记录).  The opening columns are written once, like the rest of the opening.

ALTER TABLE case_file ADD COLUMN opened_roles TEXT;
ALTER TABLE case_file ADD COLUMN opened_as TEXT;
ALTER TABLE case_file ADD COLUMN opened_reason TEXT;
ALTER TABLE case_event ADD COLUMN actor_roles TEXT;

UPDATE case_file SET opened_as = (
    SELECT substr(a.detail, instr(a.detail, ' role=') + 6,
                  instr(a.detail, ' on=') - instr(a.detail, ' role=') - 6)
    FROM audit_log a
    WHERE a.action = 'case.open' AND a.object = 'case/' || case_file.id
      AND instr(a.detail, ' role=') > 0 AND instr(a.detail, ' on=') > instr(a.detail, ' role=')
    ORDER BY a.id LIMIT 1);

CREATE TRIGGER case_file_opening_fixed BEFORE UPDATE OF opened_roles, opened_as, opened_reason
    ON case_file BEGIN
    SELECT RAISE(ABORT, 'only a case''s derived state and deadline change');
END;
