/*
 * fuzz_table.c: libFuzzer target for po_table_read().
 *
 * The reader takes a path, so each input is written to one temporary file
 * (created once per process, rewritten per input) and read back: as CSV
 * with automatic encoding detection, forced UTF-8 and forced GB18030; and,
 * when the input is a zip ("PK"), as XLSX, first sheet and second sheet.
 * Any crash, sanitizer report or leak is a bug; an error return is fine.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "format/table.h"

#include "fuzzutil.h"

static const char *path;

static int check_row(void *ctx, const struct po_row *row, struct po_err *err)
{
    (void)err;
    size_t *sum = ctx;
    if (row->nfields == 0 || row->nfields > PO_TABLE_MAX_COLUMNS)
        abort();
    for (size_t i = 0; i < row->nfields; i++) {
        if (row->fields[i].len > PO_TABLE_MAX_FIELD)
            abort();
        if (row->fields[i].len)
            *sum += (unsigned char)row->fields[i].ptr[row->fields[i].len - 1];
    }
    if (row->fields[row->nfields - 1].len == 0)
        abort(); /* trailing empty fields are trimmed */
    return 0;
}

static void read_as(const char *enc, const char *sheet)
{
    struct po_table_opts o = PO_TABLE_OPTS_INIT;
    struct po_table_info info;
    struct po_err err = PO_ERR_INIT;
    size_t sum = 0;
    o.encoding = enc;
    o.sheet = sheet;
    o.info = &info;
    int rc = po_table_read(path, &o, check_row, &sum, &err);
    if (rc != 0 && (rc >= 0 || err.msg[0] == '\0' || err.msg_zh[0] == '\0'))
        abort(); /* every failure is a negative code with both messages */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    path = fuzz_tmpfile("table", data, size);
    if (!path)
        return 0;
    if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
        read_as(NULL, NULL);
        read_as(NULL, "2");
    } else {
        read_as(NULL, NULL);
        read_as("utf-8", NULL);
        read_as("gb18030", NULL);
    }
    return 0;
}
