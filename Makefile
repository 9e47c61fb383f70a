# ptoc - GNU make build.
#
#   make              build/libptoc.a, build/ptoc
#   make test         build, then run tests/run.sh (golden files, unit tests, command line)
#   make test SAN=1   the same with ASan+UBSan, in build/san/
#   make test TSAN=1  the same with TSan, in build/tsan/
#   make unit         build/unit_tests only
#   make bench        front-end throughput and scaling (bench/run.sh)
#   make clean
#
# Every src/**/*.c except src/main.c, and runtime/**/*.c, go into the library; src/main.c is the command.
# Unit tests: every tests/unit/test_*.c plus tests/unit/main.c, linked with the library.

CC ?= cc
CFLAGS ?= -O2 -g
BASEFLAGS := -std=c11 -Wall -Wextra -Werror -Isrc -Iruntime/cpu/include -pthread
# -rdynamic: the cce trees ptoc compiles and loads (ptoc run --backend cce) call the CPU runtime's
# functions in the executable.
LDLIBS := -lm -ldl -pthread -rdynamic

ifeq ($(SAN),1)
BUILD := build/san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else ifeq ($(TSAN),1)
BUILD := build/tsan
SANFLAGS := -fsanitize=thread -fno-omit-frame-pointer
else
BUILD := build
SANFLAGS :=
endif

# The trees ptoc compiles at run time get the same sanitizer (PTOC_TREE_FLAGS, src/run/).
ALL_CFLAGS = $(BASEFLAGS) $(CFLAGS) $(SANFLAGS) -DPTOC_TREE_FLAGS='"$(SANFLAGS)"' -MMD -MP
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)

LIB_SRCS := $(sort $(filter-out src/main.c,$(shell find src runtime -name '*.c')))
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/obj/%.o)
MAIN_OBJ := $(BUILD)/obj/src/main.o
UNIT_TESTS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_OBJS := $(UNIT_TESTS:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/tests/unit/main.o

LIB := $(BUILD)/libptoc.a
PTOC := $(BUILD)/ptoc
UNIT := $(BUILD)/unit_tests
UNIT_LIST := $(BUILD)/unit_list.h

.PHONY: all unit test bench clean FORCE
.DELETE_ON_ERROR:

all: $(LIB) $(PTOC)

unit: $(UNIT)

$(LIB): $(LIB_OBJS) $(BUILD)/lib_srcs.txt
	@mkdir -p $(@D)
	@rm -f $@.$$$$.tmp
	ar rcs $@.$$$$.tmp $(LIB_OBJS) && mv -f $@.$$$$.tmp $@

# Archives and binaries are written under a temporary name and renamed, so that a command
# running meanwhile never sees half a file.
# The whole library goes in: loaded trees call runtime functions nothing in ptoc itself calls.
$(PTOC): $(MAIN_OBJ) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@.$$$$.tmp $(MAIN_OBJ) -Wl,--whole-archive $(LIB) -Wl,--no-whole-archive $(LDLIBS) && mv -f $@.$$$$.tmp $@

$(UNIT): $(UNIT_OBJS) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@.$$$$.tmp $(UNIT_OBJS) -Wl,--whole-archive $(LIB) -Wl,--no-whole-archive $(LDLIBS) && mv -f $@.$$$$.tmp $@

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# Generated files below are recomputed on every run (FORCE) but rewritten only when their
# contents change, so adding or deleting a file rebuilds what depends on it, and nothing else.
UPDATE_IF_CHANGED = if [ -f $@ ] && [ "$$(cat $@.tmp)" = "$$(cat $@)" ]; then rm -f $@.tmp; else mv -f $@.tmp $@; fi

# The unit test list: every `void test_NAME(void)` at the start of a line in tests/unit/test_*.c,
# as UNIT_TEST(NAME) lines.
$(UNIT_LIST): FORCE
	@mkdir -p $(@D)
	@cat /dev/null $(UNIT_TESTS) | sed -n 's/^void \(test_[a-z0-9_]*\)(void).*/UNIT_TEST(\1)/p' > $@.tmp
	@$(UPDATE_IF_CHANGED)

# The list of library sources: the archive is rebuilt when a source file is added or removed.
$(BUILD)/lib_srcs.txt: FORCE
	@mkdir -p $(@D)
	@echo $(LIB_SRCS) > $@.tmp
	@$(UPDATE_IF_CHANGED)

FORCE:

$(BUILD)/obj/tests/unit/%.o: tests/unit/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/unit -c -o $@ $<

$(BUILD)/obj/tests/unit/main.o: tests/unit/main.c $(UNIT_LIST)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/unit -I$(BUILD) -c -o $@ $<

test: $(LIB) $(PTOC) $(UNIT)
	PTOC_BIN_DIR=$(BUILD) bash tests/run.sh

# Benchmarks: numbers for people (bench/run.sh), never a pass/fail test.
$(BUILD)/bench_gen: bench/gen.c
	@mkdir -p $(@D)
	$(CC) $(BASEFLAGS) $(CFLAGS) -o $@ $<

bench: $(PTOC) $(BUILD)/bench_gen
	PTOC_BIN_DIR=$(BUILD) bash bench/run.sh

clean:
	rm -rf build

-include $(LIB_OBJS:.o=.d) $(MAIN_OBJ:.o=.d) $(UNIT_OBJS:.o=.d)
