# phaseout: GNU make + pkg-config.
#
#   make            release-ish build: build/rel/phaseout (-O2, warnings are errors in dev)
#   make check      unit tests under AddressSanitizer + UndefinedBehaviorSanitizer
#   make test       everything: deps, unit tests, CLI/integration tests on SQLite and PostgreSQL
#   make demo       build, create the demo city database, print a summary
#   make bench      the benchmarks (bench/README.md)

PKGS := sqlite3 libpq libmicrohttpd jansson xlsxwriter libsodium libzip expat cairo pangocairo
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lm -lpthread

CC ?= cc
WARN := -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wstrict-prototypes \
        -Wmissing-prototypes -Wformat=2 -Wvla -Wimplicit-fallthrough -Wundef \
        -Wno-format-truncation  # error messages live in fixed arrays and truncate by design
WERROR ?= -Werror
CPPFLAGS += -D_GNU_SOURCE -Isrc $(PKG_CFLAGS)

MODE ?= rel
ifeq ($(MODE),asan)
OPT := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDOPT := -fsanitize=address,undefined
else
OPT := -O2 -g
LDOPT :=
endif

B := build/$(MODE)
SRC := $(shell find src -name '*.c' | sort)
LIBSRC := $(filter-out src/cli/main.c,$(SRC))
EMBED := $(sort $(wildcard data/*.csv data/*.md) $(wildcard src/store/sql/*.sql))
LIBOBJ := $(LIBSRC:%.c=$(B)/%.o) $(B)/gen/embedded.o
TESTSRC := $(shell find tests -name 'test_*.c' | sort)
TESTBIN := $(TESTSRC:%.c=$(B)/%)
FUZZSRC := $(wildcard fuzz/*.c)

.PHONY: all check test demo bench deps clean fmt asan

all: $(B)/phaseout

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CPPFLAGS) $(WARN) $(WERROR) $(OPT) -MMD -MP -c $< -o $@

$(B)/gen/embedded.c: $(EMBED) scripts/embed.py
	@mkdir -p $(dir $@)
	python3 scripts/embed.py $@ $(EMBED)

$(B)/gen/embedded.o: $(B)/gen/embedded.c
	$(CC) $(CPPFLAGS) $(OPT) -c $< -o $@

$(B)/libphaseout.a: $(LIBOBJ)
	@rm -f $@
	ar rcs $@ $^

$(B)/phaseout: $(B)/src/cli/main.o $(B)/libphaseout.a
	$(CC) $(LDOPT) -o $@ $^ $(PKG_LIBS)

$(B)/tests/%: tests/%.c $(B)/libphaseout.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests $(WARN) $(WERROR) $(OPT) -MMD -MP -o $@ $< $(B)/libphaseout.a \
	    $(LDOPT) $(PKG_LIBS) -lcmocka

# Unit tests (cmocka), sanitized.  Each binary runs alone; scripts/test.sh sums up.
check:
	$(MAKE) MODE=asan build/asan/phaseout $(TESTSRC:%.c=build/asan/%)
	scripts/run-unit.sh build/asan

asan:
	$(MAKE) MODE=asan build/asan/phaseout

deps:
	scripts/deps.sh

test:
	scripts/test.sh

demo:
	scripts/demo.sh

bench:
	bench/run.sh

fmt:
	clang-format -i $(SRC) $(TESTSRC)

clean:
	rm -rf build

-include $(LIBOBJ:.o=.d) $(B)/src/cli/main.d $(TESTBIN:=.d)

# Fuzzing (clang + libFuzzer), fuzz/README.md: make fuzz runs every target about 30 s (at most 2
# at a time) after replaying fuzz/regress/; make fuzz-long SECONDS=600 runs each longer;
# fuzz/run.sh SECONDS [TARGET...] for some.  The library is built once more with clang, coverage
# instrumentation and ASan+UBSan into build/fuzz/libphaseout.a; each target links what it uses.
FUZZCC ?= clang
FZ := build/fuzz
FUZZSAN := -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
# src/cli/main.c too, its main renamed: its po_cli_* helpers let fuzz_api build the demo city
FUZZOBJ := $(SRC:%.c=$(FZ)/obj/%.o) $(FZ)/obj/gen/embedded.o
FUZZBIN := $(FUZZSRC:fuzz/%.c=$(FZ)/%)
SECONDS ?= 600
.PHONY: fuzz fuzz-long fuzz-build
fuzz-build: $(FUZZBIN)
fuzz: fuzz-build
	fuzz/run.sh 30
fuzz-long: fuzz-build
	fuzz/run.sh $(SECONDS)

$(FZ)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $<"
	@$(FUZZCC) $(CPPFLAGS) -std=c11 -w $(FUZZSAN) -fsanitize=fuzzer-no-link \
	    -MMD -MP -c $< -o $@

$(FZ)/obj/src/cli/main.o: FUZZSAN += -Dmain=phaseout_cli_main

$(FZ)/obj/gen/embedded.o: $(B)/gen/embedded.c
	@mkdir -p $(dir $@)
	$(FUZZCC) $(CPPFLAGS) -O1 -c $< -o $@

$(FZ)/libphaseout.a: $(FUZZOBJ)
	@rm -f $@
	@ar rcs $@ $^

$(FZ)/%: fuzz/%.c $(wildcard fuzz/*.h) $(FZ)/libphaseout.a
	@mkdir -p $(dir $@)
	$(FUZZCC) $(CPPFLAGS) -Ifuzz $(WARN) -Wno-unknown-warning-option $(FUZZSAN) -fsanitize=fuzzer \
	    -o $@ $< $(FZ)/libphaseout.a $(PKG_LIBS)

-include $(FUZZOBJ:.o=.d)
