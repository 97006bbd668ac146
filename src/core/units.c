/*
 * units.c: the unit and energy-type tables.
 *
 * Aliases are the spellings found in Chinese statistical forms (万千瓦时,
 * 万立方米, 吨标准煤) and in the benchmark files (10^4kWh, 10^4m3).
 */
#include "core/units.h"

#include <string.h>
#include <strings.h>

static const struct po_unit units[] = {
    { "kg", PO_DIM_MASS, 1, "千克|公斤" },
    { "t", PO_DIM_MASS, 1000, "吨|ton|tonne" },
    { "kt", PO_DIM_MASS, 1000000, "千吨" },
    { "10^4t", PO_DIM_MASS, 10000000, "万t|万吨" },
    { "m3", PO_DIM_VOLUME, 1, "m³|立方米|方|Nm3|Nm³" },
    { "10^4m3", PO_DIM_VOLUME, 10000, "万m3|万m³|万立方米|万方|万Nm3" },
    { "10^8m3", PO_DIM_VOLUME, 100000000, "亿m3|亿m³|亿立方米" },
    { "kWh", PO_DIM_ELECTRICITY, 1, "千瓦时|度|kW·h" },
    { "MWh", PO_DIM_ELECTRICITY, 1000, "兆瓦时|MW·h" },
    { "GWh", PO_DIM_ELECTRICITY, 1000000, "吉瓦时" },
    { "10^4kWh", PO_DIM_ELECTRICITY, 10000, "万kWh|万千瓦时|万度" },
    { "MJ", PO_DIM_HEAT, 1, "兆焦" },
    { "GJ", PO_DIM_HEAT, 1000, "吉焦|百万千焦" },
    { "TJ", PO_DIM_HEAT, 1000000, "太焦" },
    { "kgce", PO_DIM_COAL_EQ, 1, "千克标准煤" },
    { "tce", PO_DIM_COAL_EQ, 1000, "吨标准煤|吨标煤" },
    { "10^4tce", PO_DIM_COAL_EQ, 10000000, "万吨标准煤|万tce|万吨标煤" },
};

#define SOLID PO_DIM_MASS
#define GAS PO_DIM_VOLUME

static const struct po_energy_type types[] = {
    { "raw_coal", "原煤", SOLID },
    { "washed_coal", "洗精煤", SOLID },
    { "middling_coal", "洗中煤", SOLID },
    { "coal_slime", "煤泥", SOLID },
    { "coke", "焦炭", SOLID },
    { "semi_coke", "兰炭", SOLID },
    { "crude_oil", "原油", SOLID },
    { "fuel_oil", "燃料油", SOLID },
    { "gasoline", "汽油", SOLID },
    { "kerosene", "煤油", SOLID },
    { "diesel", "柴油", SOLID },
    { "coal_tar", "煤焦油", SOLID },
    { "lpg", "液化石油气", SOLID },
    { "refinery_gas", "炼厂干气", SOLID },
    { "crude_benzene", "粗苯", SOLID },
    { "methanol_fuel", "甲醇(燃料)", SOLID },
    { "natural_gas", "天然气", GAS },
    { "coke_oven_gas", "焦炉煤气", GAS },
    { "blast_furnace_gas", "高炉煤气", GAS },
    { "converter_gas", "转炉煤气", GAS },
    { "producer_gas", "发生炉煤气", GAS },
    { "water_gas", "水煤气", GAS },
    { "coal_mine_gas", "煤矿瓦斯", GAS },
    { "electricity", "电力", PO_DIM_ELECTRICITY },
    { "renewable_electricity", "绿电", PO_DIM_ELECTRICITY }, /* green-certificate renewable power */
    { "heat", "热力", PO_DIM_HEAT },
    { "steam", "蒸汽", PO_DIM_HEAT | PO_DIM_MASS },
    { "standard_coal", "标准煤", PO_DIM_COAL_EQ },
    { "other", "其他能源", PO_DIM_COAL_EQ },
};

static bool alias_match(const char *aliases, const char *s, size_t len)
{
    const char *p = aliases;
    while (*p) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        if (n == len && strncasecmp(p, s, len) == 0)
            return true;
        if (!bar)
            break;
        p = bar + 1;
    }
    return false;
}

const struct po_unit *po_unit_find(const char *s, size_t len)
{
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
        const struct po_unit *u = &units[i];
        if ((strlen(u->tag) == len && strncasecmp(u->tag, s, len) == 0) ||
            alias_match(u->aliases, s, len))
            return u;
    }
    return NULL;
}

const struct po_energy_type *po_energy_type_find(const char *s, size_t len)
{
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        const struct po_energy_type *t = &types[i];
        if ((strlen(t->tag) == len && strncasecmp(t->tag, s, len) == 0) ||
            (strlen(t->name_zh) == len && memcmp(t->name_zh, s, len) == 0))
            return t;
    }
    return NULL;
}

const struct po_energy_type *po_energy_types(size_t *n)
{
    *n = sizeof(types) / sizeof(types[0]);
    return types;
}

const struct po_unit *po_units(size_t *n)
{
    *n = sizeof(units) / sizeof(units[0]);
    return units;
}

const char *po_dim_name_en(enum po_dim d)
{
    switch (d) {
    case PO_DIM_MASS:
        return "mass (kg, t, 10^4t)";
    case PO_DIM_VOLUME:
        return "volume (m3, 10^4m3)";
    case PO_DIM_ELECTRICITY:
        return "electricity (kWh, MWh, 10^4kWh)";
    case PO_DIM_HEAT:
        return "heat (MJ, GJ)";
    case PO_DIM_COAL_EQ:
        return "standard coal (kgce, tce)";
    }
    return "?";
}

const char *po_dim_name_zh(enum po_dim d)
{
    switch (d) {
    case PO_DIM_MASS:
        return "质量（千克、吨、万吨）";
    case PO_DIM_VOLUME:
        return "体积（立方米、万立方米）";
    case PO_DIM_ELECTRICITY:
        return "电量（千瓦时、兆瓦时、万千瓦时）";
    case PO_DIM_HEAT:
        return "热量（兆焦、吉焦）";
    case PO_DIM_COAL_EQ:
        return "标准煤（千克标准煤、吨标准煤）";
    }
    return "?";
}

int po_unit_convert(int64_t *out, int64_t q_micro, const struct po_unit *from,
                    const struct po_unit *to)
{
    if (from->dim != to->dim)
        return -1;
    if (from->base_mult >= to->base_mult) {
        int64_t k = from->base_mult / to->base_mult; /* multiples are powers of ten */
        if (q_micro > INT64_MAX / k || q_micro < INT64_MIN / k)
            return -1;
        *out = q_micro * k;
        return 0;
    }
    int64_t k = to->base_mult / from->base_mult;
    int64_t r = q_micro % k, q = q_micro / k;
    if (r == 0) {
        *out = q;
        return 0;
    }
    int64_t ar = r < 0 ? -r : r;
    if (2 * ar >= k)
        q += q_micro < 0 ? -1 : 1;
    *out = q;
    return 1;
}

/* The capacity units of equipment (data/equipment_params.csv, catalogue items) in words. */
static const char *const capacity_units[][3] = {
    { "10^4t/a", "万吨/年", "10k t/a" }, { "t/a", "吨/年", "t/a" },   { "t/d", "吨/日", "t/d" },
    { "MW", "兆瓦", "MW" },               { "MVA", "兆伏安", "MVA" }, { "kVA", "千伏安", "kVA" },
    { "m3/a", "立方米/年", "m³/a" },
};

static const char *capacity_unit(const char *tag, int lang)
{
    for (size_t i = 0; tag && i < sizeof capacity_units / sizeof capacity_units[0]; i++)
        if (!strcmp(capacity_units[i][0], tag))
            return capacity_units[i][lang];
    return tag ? tag : "";
}

const char *po_capacity_unit_zh(const char *tag)
{
    return capacity_unit(tag, 1);
}

const char *po_capacity_unit_en(const char *tag)
{
    return capacity_unit(tag, 2);
}
