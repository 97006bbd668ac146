/*
 * finding.h: a finding as an evaluation run stored it (migration 0005 and
 * after), with its run: plain data, text columns as stored.  app/evalread.h
 * reads them from the database; report/evalexplain.h words them.  The struct
 * is here, not in src/app, so that src/report need not include src/app.
 * Nothing to call: strings are owned by whoever filled the struct (an arena).
 */
#ifndef PO_FINDING_H
#define PO_FINDING_H

#include <stdint.h>

/* A stored finding with its run (text columns as stored). */
struct po_stored_finding {
    int64_t run_id;
    const char *as_of, *rules_name, *rules_sha256, *data_sha256, *created_at;
    const char *finding_id, *uscc, *enterprise_name, *equipment_id, *criterion, *rule_id;
    int64_t rule_version;
    const char *status, *measure, *departments, *evidence, *legal_basis, *measure_basis,
        *confidence, *source;
    const char *evidence_zh; /* "" for a run made before migration 0009 */
    const char *missing;     /* cannot decide: the data items not recorded, '|'-joined tags of
                                data/fact_sources.csv; "" when caught or for a run made before
                                migration 0016 */
    /* the rule's names from the compiled-in data/rules.csv (po_rulesdata_titles): Chinese
       name and English title; NULL when the built-in file does not have the rule */
    const char *rule_title_zh, *rule_title;
};

#endif
