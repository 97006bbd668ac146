/*
 * publication.c: the list kinds of the public lists (publication.h).
 */
#include "core/publication.h"

#include <string.h>

static const char *const names[PO_PUB_NLISTS] = { "exits", "rectifying", "closed", "sealed" };
static const char *const labels_zh[PO_PUB_NLISTS] = { "年度落后产能退出企业名单",
                                                      "限期整改企业名单", "依法关闭企业名单",
                                                      "封存拆除生产线名单" };

const char *po_pub_list_name(enum po_pub_list l)
{
    return (unsigned)l < PO_PUB_NLISTS ? names[l] : NULL;
}

const char *po_pub_list_label_zh(enum po_pub_list l)
{
    return (unsigned)l < PO_PUB_NLISTS ? labels_zh[l] : NULL;
}

int po_pub_list_parse(enum po_pub_list *out, const char *s, struct po_err *err)
{
    for (int i = 0; i < PO_PUB_NLISTS; i++)
        if (s && strcmp(s, names[i]) == 0) {
            *out = (enum po_pub_list)i;
            return 0;
        }
    return po_err_set(err, PO_EINVAL, "名单“%s”未知：应为 exits、rectifying、closed 或 sealed",
                      "unknown list \"%s\": want exits, rectifying, closed or sealed",
                      s ? s : "");
}
