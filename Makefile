# iommubench: top-level entry points.
#   make setup    install the Debian packages this machine lacks (bench/setup.sh)
#   make          the runner, and the module for every installed target kernel (6.1, 6.12)
#   make bench    run a suite: SUITE=smoke TARGET=auto|host|vm KERNEL=6.1|6.12|<release>|all
#                 DEVICE=<BDF|VID:DID> (host only); CLOCK=icount|wall (VM default icount:
#                 instruction time, QEMU -icount; hosts: wall), ICOUNT_SHIFT=N; ROUNDS=N
#                 separate boots tied by a group id (default 1); ORDER=random|suite SEED=N;
#                 see bench/bench.sh --help
#   make compat   dma_map_benchmark parity: COMPAT_ARGS="--threads 2 --seconds 5" (+ KERNEL etc.)
#   make compare  two runs, per benchmark and metric, with a Mann-Whitney U test:
#                 A=<run> B=<run> (default: B = results/latest, A = the run before it of the
#                 same suite and platform); COMPARE_ARGS="--threshold 10"; see bench/compare.sh
#   make export   a run for dashboards: FORMAT=bmf|gab|lkp RUN=<run> (default latest)
#   make plots    gnuplot figures and plots/index.html: RUN=<run> (default latest)
#   make test     run the tests (tests/run.sh)
#   make fuzz     the ioctl fuzzer in a QEMU guest per target kernel (tests/fuzz.sh):
#                 FUZZ_CALLS=100000 per kernel, FUZZ_SEED=<n> to reproduce a run
#   make kmod     the module for one kernel: KDIR=<headers dir>
#   make kmod-s390x  the module cross-built for each s390x kernel (bench/vm/s390x-kernels.sh
#                 fetch first): build/kmod/<s390x release>/iommubench.ko; W=1 passes through
# Everything built goes under build/.

SHELL := /bin/bash

# The running kernel's build tree if it has one (a host that can load the module), else the
# newest installed target kernel's headers (the VM runs).
KDIR ?= $(shell \
	if [ -f /lib/modules/$$(uname -r)/build/Makefile ]; then \
		echo /lib/modules/$$(uname -r)/build; \
	else \
		k=$$(bench/vm/kernels.sh newest 2>/dev/null) && bench/vm/kernels.sh headers "$$k" 2>/dev/null; \
	fi)

SUITE ?= smoke
# ARCH=s390x (make bench TARGET=vm ARCH=s390x): the guest's architecture. Kbuild reads ARCH
# too, so it is passed on under another name and not exported to the module builds.
BENCH_ARCH := $(ARCH)
unexport ARCH
TARGET ?= auto
KERNEL ?=
DEVICE ?=
# make bench: the clock (VM: icount by default), its shift, boots per configuration, order
CLOCK ?=
ICOUNT_SHIFT ?=
ROUNDS ?= 1
ORDER ?= random
SEED ?=
COMPAT_ARGS ?=
A ?=
B ?=
COMPARE_ARGS ?=
RUN ?= latest
FORMAT ?= bmf
FUZZ_CALLS ?= 100000
FUZZ_SEED ?=

.PHONY: all setup runner runner-s390x kmod kmod-all kmod-s390x bench compat compare export plots test fuzz clean

all: runner kmod-all

setup:
	bench/setup.sh

runner:
	$(MAKE) -C runner

# The runner for an s390x guest: cross-compiled against Debian bookworm's s390x libraries
# (bench/vm/s390x-sysroot.sh), libperf cross-built, into build/s390x/iommubench.
S390X_SYSROOT := $(CURDIR)/build/s390x/sysroot
S390X_LIBDIRS := $(S390X_SYSROOT)/usr/lib/s390x-linux-gnu $(S390X_SYSROOT)/lib/s390x-linux-gnu
runner-s390x:
	bench/vm/s390x-sysroot.sh
	$(MAKE) -C runner BUILD=$(CURDIR)/build/s390x/runner-build \
		CC=s390x-linux-gnu-gcc CXX=s390x-linux-gnu-g++ \
		LIBPERF=$(CURDIR)/build/s390x/libperf LIBPERF_ARGS='--cross s390x' \
		CROSS_CPPFLAGS='-isystem $(S390X_SYSROOT)/usr/include/s390x-linux-gnu -isystem $(S390X_SYSROOT)/usr/include' \
		CROSS_LDFLAGS='$(foreach d,$(S390X_LIBDIRS),-L$(d) -Wl,-rpath-link,$(d))'
	install -D -m 755 build/s390x/runner-build/iommubench build/s390x/iommubench

kmod:
	@test -n "$(KDIR)" || { echo "error: no kernel headers found (make setup)" >&2; exit 3; }
	$(MAKE) -C kmod KDIR=$(KDIR)

# The module for each installed target kernel: what the VM runs load.
kmod-all:
	@set -e; kernels=$$(bench/vm/kernels.sh resolve all); \
	for k in $$kernels; do \
		$(MAKE) -C kmod KDIR=$$(bench/vm/kernels.sh headers "$$k"); \
	done

# The module cross-built for each fetched s390x kernel (the zPCI guest, run-in-vm-s390x.sh).
kmod-s390x:
	@set -e; k=bench/vm/s390x-kernels.sh; kernels=$$($$k resolve all); \
	for r in $$kernels; do \
		$(MAKE) -C kmod KDIR=$$($$k headers "$$r") $$($$k makeflags "$$r") $(if $(W),W=$(W)); \
	done

bench: setup
	SUITE='$(SUITE)' TARGET='$(TARGET)' ARCH='$(BENCH_ARCH)' KERNEL='$(KERNEL)' DEVICE='$(DEVICE)' \
		CLOCK='$(CLOCK)' ICOUNT_SHIFT='$(ICOUNT_SHIFT)' ROUNDS='$(ROUNDS)' ORDER='$(ORDER)' SEED='$(SEED)' \
		bench/bench.sh

# the kernel's dma_map_benchmark workload on our module, its figures beside ours
compat: setup
	SUITE=compat COMPAT_ARGS='$(COMPAT_ARGS)' TARGET='$(TARGET)' KERNEL='$(KERNEL)' DEVICE='$(DEVICE)' bench/bench.sh

compare: runner
	@bench/compare.sh $(A) $(B) -- $(COMPARE_ARGS)

# A/A and sensitivity trials of compare (bench/trials.sh --help; docs/methodology.md):
#   make trials TRIALS_ARGS="--kernel 6.12 --trials 5 --mode both"
TRIALS_ARGS ?=
.PHONY: trials
trials: runner
	bench/trials.sh $(TRIALS_ARGS)

export: runner
	@build/iommubench export --format '$(FORMAT)' '$(RUN)'

# the figures of RUN (default latest), the trends over results/, plots/index.html
plots:
	plots/make-all.sh '$(RUN)'

test: setup
	tests/run.sh

fuzz: setup
	tests/fuzz.sh --calls '$(FUZZ_CALLS)' $(if $(FUZZ_SEED),--seed '$(FUZZ_SEED)')

clean:
	rm -rf build
