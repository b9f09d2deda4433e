# Familiar entry points over CMake. Every target that needs packages first
# runs `deps`, which installs only what is missing (Debian packages, as root).
BUILD   ?= build
JOBS    ?= $(shell nproc)
CMAKE   ?= cmake

.PHONY: all deps build grates list run demo test unit spec bench-compute bench-syscall bench-process bench-grate bench-instructions clean

all: build grates

deps:
	@tools/install-deps

$(BUILD)/build.ninja: CMakeLists.txt | deps
	$(CMAKE) -S . -B $(BUILD) -G Ninja

build: deps $(BUILD)/build.ninja
	$(CMAKE) --build $(BUILD) -j $(JOBS)

# The main job: compile a C program into lindfs with lind-clang and run it
# as a cage.
run: build
	tools/lind-clang -s tests/demo/hello.c -o lindfs/hello.cwasm
	$(BUILD)/lind-boot hello.cwasm

# The engine on its own: a WebAssembly text module, _start and --invoke.
demo: build
	$(BUILD)/lind-boot -v tests/demo/demo.wat && echo "demo.wat: _start checked fib, factorial, primes, checksum, hypot and div: all correct"
	$(BUILD)/lind-boot --invoke fib tests/demo/demo.wat 90
	$(BUILD)/lind-boot --invoke factorial tests/demo/demo.wat 20
	$(BUILD)/lind-boot --invoke hypot tests/demo/demo.wat 3 4
	$(BUILD)/lind-boot --invoke div tests/demo/demo.wat 1 0 || echo "(exit status $$?: a trap, as intended)"

unit: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

spec: build
	tools/run-spec $(BUILD)

# make test: everything; make test GRATE=name: that grate's tests only.
ifeq ($(GRATE),)
test: unit spec
else
test: build
	grates/run-tests --build $(BUILD) $(GRATE)
endif

# The grates (grates/README.md): every one into lindfs/grates/, one with
# make c/NAME, the list of grates and their tests with make list.
GRATE_DIRS := $(patsubst grates/%/compile_grate.sh,%,$(wildcard grates/*/compile_grate.sh))

grates: build
	@for g in $(GRATE_DIRS); do echo "grate $$g"; grates/$$g/compile_grate.sh || exit 1; done

c/%: build
	grates/$*/compile_grate.sh

list:
	@grates/run-tests --list

bench-compute: build
	bench/compute/run $(BUILD)

bench-syscall: build
	bench/syscall/run $(BUILD)

bench-process: build
	bench/process/run $(BUILD)

bench-grate: build
	bench/grate/run $(BUILD)

bench-instructions: build
	bench/grate/count-instructions

clean:
	rm -rf $(BUILD)
