/*
 * demo_recipe.c: the recipe table.
 *
 * Energy figures are in mgce per output unit (= gce/t) and electricity in
 * Wh per 1000 output units (= Wh/t), so 3 200 kWh/t is 3200000.  Sources:
 * grades 1 and 3 of the standard named in each row, as transcribed in
 * reference/energy_quota_standards.csv.  Lime, wine, paint and plastic pipe
 * have no national quota; their ranges are assumptions for the demo.  Fuel
 * splits and prices (yuan per t, or per MWh for power) are round figures
 * of the right order for 2023-2025, not market data.
 */
#include "demo/demo_recipe.h"

#define E(x) PO_DEMO_E_##x

/* clang-format off */
const struct po_demo_recipe po_demo_recipes[PO_DEMO_R_COUNT] = {
    /* top-charged coke; the coking coal is feedstock, outside the quota */
    [PO_DEMO_R_COKE] = {
        .product = "coke", .name_zh = "焦炭", .standard = "GB 21342-2025",
        .adv = 110000, .lim = 135000, .wh_adv = 28000, .wh_lim = 40000,
        .mix = { { E(COKE_OVEN_GAS), 900 }, { E(STEAM), 70 }, { E(DIESEL), 30 } },
        .feed = E(WASHED_COAL), .feed_per_1000 = 1330, .price = 2000 },
    [PO_DEMO_R_CARBIDE] = {
        .product = "calcium_carbide", .name_zh = "电石", .standard = "GB 21343-2023",
        .adv = 805000, .lim = 940000, .wh_adv = 3000000, .wh_lim = 3200000,
        .mix = { { E(COKE), 450 }, { E(SEMI_COKE), 500 }, { E(DIESEL), 50 } },
        .feed = E(NONE), .price = 3000 },
    /* carbide-route PVC resin, general grade */
    [PO_DEMO_R_PVC] = {
        .product = "pvc", .name_zh = "聚氯乙烯树脂", .standard = "GB 21257-2024",
        .adv = 185000, .lim = 270000, .wh_adv = 200000, .wh_lim = 260000,
        .mix = { { E(STEAM), 800 }, { E(RAW_COAL), 200 } },
        .feed = E(NONE), .price = 5800 },
    /* ion-membrane liquid caustic soda >= 30 % */
    [PO_DEMO_R_CAUSTIC] = {
        .product = "caustic_soda", .name_zh = "烧碱", .standard = "GB 21257-2024",
        .adv = 308000, .lim = 350000, .wh_adv = 2250000, .wh_lim = 2450000,
        .mix = { { E(STEAM), 950 }, { E(DIESEL), 50 } },
        .feed = E(NONE), .price = 2600 },
    /* smelting electricity 8 050..8 400 kWh/t; reductants are energy here */
    [PO_DEMO_R_FESI] = {
        .product = "ferrosilicon", .name_zh = "硅铁", .standard = "GB 21341-2022",
        .adv = 1700000, .lim = 1850000, .wh_adv = 8050000, .wh_lim = 8400000,
        .mix = { { E(SEMI_COKE), 850 }, { E(COKE), 150 } },
        .feed = E(NONE), .price = 6800 },
    [PO_DEMO_R_SIMN] = {
        .product = "silicomanganese", .name_zh = "硅锰合金", .standard = "GB 21341-2022",
        .adv = 850000, .lim = 950000, .wh_adv = 3800000, .wh_lim = 4250000,
        .mix = { { E(COKE), 650 }, { E(SEMI_COKE), 350 } },
        .feed = E(NONE), .price = 6300 },
    /* clinker lines stop for the northern heating season (错峰生产) */
    [PO_DEMO_R_CLINKER] = {
        .product = "clinker", .name_zh = "水泥熟料", .standard = "GB 16780-2021",
        .adv = 100000, .lim = 117000, .wh_adv = 48000, .wh_lim = 61000,
        .mix = { { E(RAW_COAL), 970 }, { E(DIESEL), 30 } },
        .feed = E(NONE), .price = 260, .winter_cut = true },
    /* grinding stations: the cement preparation section, 26..34 kWh/t */
    [PO_DEMO_R_CEMENT] = {
        .product = "cement", .name_zh = "水泥", .standard = "GB 16780-2021",
        .adv = 3200, .lim = 4200, .wh_adv = 26000, .wh_lim = 34000,
        .mix = { { E(DIESEL), 1000 } },
        .feed = E(NONE), .price = 330 },
    /* no national quota for lime (assumed range) */
    [PO_DEMO_R_LIME] = {
        .product = "quicklime", .name_zh = "石灰", .standard = NULL,
        .adv = 120000, .lim = 150000, .wh_adv = 25000, .wh_lim = 40000,
        .mix = { { E(COKE), 600 }, { E(RAW_COAL), 350 }, { E(DIESEL), 50 } },
        .feed = E(NONE), .price = 380 },
    /*
     * coking-coal washing, 5.0..8.5 kWh per t of raw coal washed: the
     * product is the raw coal washed (入洗原煤量); loaders burn diesel
     */
    [PO_DEMO_R_WASHING] = {
        .product = "raw_coal_washed", .name_zh = "入洗原煤", .standard = "GB 29446-2019",
        .adv = 900, .lim = 1350, .wh_adv = 5000, .wh_lim = 8500,
        .mix = { { E(DIESEL), 1000 } },
        .feed = E(NONE), .price = 850 },
    /* blast furnace process energy per t of hot metal */
    [PO_DEMO_R_PIG_IRON] = {
        .product = "pig_iron", .name_zh = "生铁", .standard = "GB 21256-2025",
        .adv = 361000, .lim = 415000, .wh_adv = 40000, .wh_lim = 60000,
        .mix = { { E(COKE), 720 }, { E(RAW_COAL), 280 } },
        .feed = E(NONE), .price = 2900 },
    /* EAF steel, furnaces below 50 t */
    [PO_DEMO_R_STEEL] = {
        .product = "crude_steel", .name_zh = "粗钢", .standard = "GB 21256-2025",
        .adv = 61000, .lim = 86000, .wh_adv = 380000, .wh_lim = 520000,
        .mix = { { E(NATURAL_GAS), 700 }, { E(COKE), 300 } },
        .feed = E(NONE), .price = 3600 },
    /* coke-oven-gas methanol; the quota counts the gas feedstock */
    [PO_DEMO_R_METHANOL] = {
        .product = "methanol", .name_zh = "甲醇", .standard = "GB 29436-2023",
        .adv = 1280000, .lim = 1500000, .wh_adv = 150000, .wh_lim = 250000,
        .mix = { { E(COKE_OVEN_GAS), 600 }, { E(STEAM), 400 } },
        .feed = E(COKE_OVEN_GAS), .feed_per_1000 = 1900, .feed_in_quota = true,
        .price = 2300 },
    [PO_DEMO_R_WINE] = {
        .product = "wine", .name_zh = "葡萄酒", .standard = NULL,
        .adv = 60000, .lim = 90000, .wh_adv = 250000, .wh_lim = 400000,
        .mix = { { E(NATURAL_GAS), 700 }, { E(STEAM), 300 } },
        .feed = E(NONE), .price = 45000 },
    [PO_DEMO_R_PAINT] = {
        .product = "paint", .name_zh = "涂料", .standard = NULL,
        .adv = 30000, .lim = 50000, .wh_adv = 150000, .wh_lim = 250000,
        .mix = { { E(NATURAL_GAS), 1000 } },
        .feed = E(NONE), .price = 12000 },
    [PO_DEMO_R_PIPE] = {
        .product = "plastic_pipe", .name_zh = "塑料管材", .standard = NULL,
        .adv = 70000, .lim = 110000, .wh_adv = 450000, .wh_lim = 750000,
        .mix = { { E(NATURAL_GAS), 1000 } },
        .feed = E(NONE), .price = 9000 },
    /*
     * coal units, mgce per kWh generated: subcritical 300 MW and up to
     * 321 gce/kWh, 200 MW and below up to 352; output is not a mass
     */
    [PO_DEMO_R_POWER_LARGE] = {
        .product = "electricity", .name_zh = "电力", .standard = "GB 21258-2024",
        .adv = 300000, .lim = 321000,
        .mix = { { E(RAW_COAL), 990 }, { E(DIESEL), 10 } },
        .feed = E(NONE), .price = 283, .no_output = true },
    [PO_DEMO_R_POWER_SMALL] = {
        .product = "electricity", .name_zh = "电力", .standard = "GB 21258-2024",
        .adv = 330000, .lim = 352000,
        .mix = { { E(RAW_COAL), 990 }, { E(DIESEL), 10 } },
        .feed = E(NONE), .price = 283, .no_output = true },
};
/* clang-format on */
