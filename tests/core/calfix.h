/*
 * calfix.h: the cmocka group fixture that loads the compiled-in holiday calendar
 * (data/cn_holidays.csv) into `cal`, for the tests of deadline.c and casefsm.c.
 */
#ifndef PO_TEST_CALFIX_H
#define PO_TEST_CALFIX_H

#include "refdata/calendar.h"
#include "util/arena.h"

static struct po_calendar cal;
static struct po_arena *cal_arena;

static int cal_setup(void **state)
{
    (void)state;
    struct po_err err = PO_ERR_INIT;
    cal_arena = po_arena_new();
    if (!cal_arena || po_calendar_load(&cal, cal_arena, &err) < 0) {
        print_error("calendar: %s\n", err.msg);
        return -1;
    }
    return 0;
}

static int cal_teardown(void **state)
{
    (void)state;
    po_arena_destroy(cal_arena);
    return 0;
}

#endif
