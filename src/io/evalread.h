/*
 * evalread.h: reading stored evaluation runs back (`explain`, `evaluate --diff`).
 *
 * Runs are immutable (migration 0005), so what is read is exactly what was
 * printed when the run was made: the explanation of a finding cites the rule
 * version, legal basis and figures of its run, not today's rule file.
 */
#ifndef PO_EVALREAD_H
#define PO_EVALREAD_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

struct po_arena;

/* A stored finding with its run (text columns as stored). */
struct po_stored_finding {
    int64_t run_id;
    const char *as_of, *rules_name, *rules_sha256, *data_sha256, *created_at;
    const char *finding_id, *uscc, *enterprise_name, *equipment_id, *criterion, *rule_id;
    int64_t rule_version;
    const char *status, *measure, *departments, *evidence, *legal_basis, *measure_basis,
        *confidence, *source;
    const char *evidence_zh; /* "" for a run made before migration 0009 */
};

/*
 * The finding finding_id of the latest run that has it (or of run_id when
 * run_id > 0).  PO_ENOTFOUND when no run has it.  Lives in a.
 */
int po_evalread_finding(struct po_stored_finding *out, struct po_store *st, const char *finding_id,
                        int64_t run_id, struct po_arena *a, struct po_err *err);

/* All findings of a run, by finding_id.  PO_ENOTFOUND when the run does not exist. */
int po_evalread_run(struct po_stored_finding **out, size_t *n, struct po_store *st, int64_t run_id,
                    struct po_arena *a, struct po_err *err);

#endif
