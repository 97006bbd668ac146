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
    SELECT substring(a.detail FROM ' role=([a-z_]+) on=')
    FROM audit_log a
    WHERE a.action = 'case.open' AND a.object = 'case/' || case_file.id
    ORDER BY a.id LIMIT 1);

CREATE OR REPLACE FUNCTION case_file_only_state() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'cases are never deleted';
    END IF;
    IF (NEW.id, NEW.case_type, NEW.uscc, NEW.equipment_id, NEW.finding_id, NEW.opened_on,
        NEW.opened_at, NEW.opened_by, NEW.opened_roles, NEW.opened_as, NEW.opened_reason)
       IS DISTINCT FROM
       (OLD.id, OLD.case_type, OLD.uscc, OLD.equipment_id, OLD.finding_id, OLD.opened_on,
        OLD.opened_at, OLD.opened_by, OLD.opened_roles, OLD.opened_as, OLD.opened_reason) THEN
        RAISE EXCEPTION 'only a case''s derived state and deadline change';
    END IF;
    RETURN NEW;
END $$;
