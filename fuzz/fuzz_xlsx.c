/*
 * fuzz_xlsx.c: libFuzzer target for the XLSX reader (format/xlsx.c through po_table_read()):
 * the workbook relationships, the workbook, the styles (which numbers are dates), the shared
 * strings and the sheet XML.
 *
 * fuzz_table feeds raw bytes, which mostly exercises the zip layer: here the input is the XML of
 * the parts themselves, so mutations reach expat and the reader's handlers.  Input: one flags
 * byte, then up to six parts separated by a line "=====" (xl/_rels/workbook.xml.rels,
 * xl/workbook.xml, xl/styles.xml, xl/sharedStrings.xml, xl/worksheets/sheet1.xml, sheet2.xml); a
 * part not given is a small valid default, so one part can be mutated at a time.  The flags pick
 * stored or deflated members, the sheet ("1" by default, "2", or by name) and whether
 * [Content_Types].xml is there.  The parts are zipped with libzip into one temporary file and
 * read.  Aborts (a finding) when a row has no field, too many or too long fields, or a trailing
 * empty field (table.h says they are dropped), or a failure has no message in both languages.
 */
#include <stdbool.h>
#include <zip.h>

#include "format/table.h"
#include "fuzzutil.h"

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""

static const char *const part_names[] = {
    "xl/_rels/workbook.xml.rels", "xl/workbook.xml", "xl/styles.xml", "xl/sharedStrings.xml",
    "xl/worksheets/sheet1.xml",   "xl/worksheets/sheet2.xml",
};

static const char *const defaults[] = {
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"x/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"x/worksheet\" Target=\"/xl/worksheets/sheet2.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"x/sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"rId4\" Type=\"x/styles\" Target=\"styles.xml\"/></Relationships>",
    "<workbook " NS " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships\"><workbookPr date1904=\"0\"/><sheets><sheet name=\"能耗\" sheetId=\"1\" "
    "r:id=\"rId1\"/><sheet name=\"2023\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>",
    "<styleSheet " NS "><numFmts><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/></numFmts>"
    "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/></cellXfs>"
    "</styleSheet>",
    "<sst " NS "><si><t>统一社会信用代码</t></si><si><r><t>rich</t></r></si></sst>",
    "<worksheet " NS "><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
    "<c r=\"B1\" s=\"1\"><v>45366.5</v></c></row></sheetData></worksheet>",
    "<worksheet " NS "><sheetData><row><c><v>1E-3</v></c></row></sheetData></worksheet>",
};

static const char content_types[] =
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>";

static int check_row(void *ctx, const struct po_row *row, struct po_err *err)
{
    (void)ctx;
    (void)err;
    if (row->nfields == 0 || row->nfields > PO_TABLE_MAX_COLUMNS ||
        row->fields[row->nfields - 1].len == 0)
        abort();
    for (size_t i = 0; i < row->nfields; i++)
        if (row->fields[i].len > PO_TABLE_MAX_FIELD)
            abort();
    return 0;
}

static bool build(const char *path, const uint8_t *data, size_t size, unsigned flags)
{
    int zerr = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    if (!z)
        return false;
    const uint8_t *p = data, *end = data + size;
    for (size_t i = 0; i < 6; i++) {
        const void *part = defaults[i];
        size_t len = strlen(defaults[i]);
        if (p) {
            const uint8_t *sep = NULL;
            for (const uint8_t *q = p; q + 6 <= end && !sep; q++)
                if (!memcmp(q, "\n=====", 6))
                    sep = q;
            part = p;
            len = (size_t)((sep ? sep : end) - p);
            p = sep ? sep + 6 + (sep + 6 < end && sep[6] == '\n') : NULL;
        }
        zip_source_t *src = zip_source_buffer(z, part, len, 0);
        zip_int64_t idx = src ? zip_file_add(z, part_names[i], src, ZIP_FL_OVERWRITE) : -1;
        if (idx < 0) {
            zip_source_free(src);
            zip_discard(z);
            return false;
        }
        zip_set_file_compression(z, (zip_uint64_t)idx, flags & 1 ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0);
    }
    if (flags & 8) {
        zip_source_t *src = zip_source_buffer(z, content_types, sizeof content_types - 1, 0);
        if (!src || zip_file_add(z, "[Content_Types].xml", src, 0) < 0)
            zip_source_free(src);
    }
    return zip_close(z) == 0 || (zip_discard(z), false);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *path = fuzz_tmpfile("xlsx", NULL, 0);
    if (!path || !build(path, data + 1, size - 1, data[0]))
        return 0;
    static const char *const sheets[] = { NULL, "2", "能耗", "nosuch" };
    struct po_table_opts o = PO_TABLE_OPTS_INIT;
    struct po_table_info info;
    struct po_err err = PO_ERR_INIT;
    o.sheet = sheets[(data[0] >> 1) & 3];
    o.info = &info;
    int rc = po_table_read(path, &o, check_row, NULL, &err);
    fuzz_check_err(rc, &err);
    return 0;
}
