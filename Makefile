# Minima — two commands: `make report` (render the notebooks) and `make test`.
# Both first install the missing system packages (Debian), then build in release mode.
# One build configuration serves both targets, so `make test` after `make report` reuses the build.

# librsvg2-bin provides rsvg-convert, which writes each figure's PDF beside its SVG.
SYSTEM_PACKAGES := libcmark-dev libopenblas-dev zlib1g-dev dataset-fashion-mnist pkg-config librsvg2-bin
# The tests also open the rendered page in a real browser; .ci/slurm-harness installs and starts a
# throwaway single-node Slurm (slurm-wlm, munge) around them for the Slurm executor's tests.
TEST_PACKAGES := chromium
SWIFT_FLAGS := -c release -Xswiftc -enable-testing
MINIMA := .build/release/minima
NOTEBOOKS := $(wildcard Notebooks/*.md)
# MNIST has no Debian package; it ships in Notebooks/data/mnist (a notebook's data/ folder is searched).

PACKAGES := $(SYSTEM_PACKAGES)

.PHONY: report test install build check-build check-imports clean

report: build
	$(MINIMA) render $(NOTEBOOKS) -o Output

test: PACKAGES += $(TEST_PACKAGES)
test: build check-imports
	MINIMA_REQUIRE_DATA=1 MINIMA_REQUIRE_BROWSER=1 .ci/slurm-harness run swift test $(SWIFT_FLAGS) --skip-build --disable-xctest
	@$(MAKE) --no-print-directory check-build

# One build command serves both targets (the tests are built too), so `make report` after
# `make test` and the reverse compile nothing: `swift test` with its own build step compiles
# the package with other flags and rebuilt everything. `make check-build` verifies it.
build: install
	swift build --build-tests $(SWIFT_FLAGS)

check-build:
	@out=$$(swift build --build-tests $(SWIFT_FLAGS) 2>&1); \
	if echo "$$out" | grep -E '^\[[0-9]+/[0-9]+\] (Compiling|Linking) ' | grep -qv 'Compiling plugin'; then \
	    echo "$$out" >&2; echo "error: a second build recompiled; make report and make test must share one build" >&2; exit 1; \
	else echo "build: shared by make report and make test (nothing recompiled)"; fi

# Installs only what is missing: a second run does not touch apt.
install:
	@missing=$$(for p in $(PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed$$' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	    echo "Installing missing system packages: $$missing"; \
	    if [ "$$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi; \
	    $$sudo apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# The module graph is one way (DESIGN.md §2); SwiftPM does not enforce it, so this does.
check-imports:
	@./.ci/check-imports

clean:
	rm -rf .build

# libFuzzer over the notebook front end (issue 5, item 9): parse → specs → step graph → run
# expansion → prose render, nothing trains. `make fuzz SECONDS=N` (default 600) runs one process
# from the seed corpus; new inputs go to .fuzz/corpus, crashes/hangs/leaks to .fuzz/artifacts.
# Swift takes only the last -sanitize= flag, so ASan and coverage are asked for in one.
SECONDS ?= 600
FUZZ_SCRATCH := .build-fuzz
FUZZER := $(FUZZ_SCRATCH)/release/MinimaFuzz
FUZZ_FLAGS := -c release --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=address \
	    -Xswiftc -DFUZZING --scratch-path $(FUZZ_SCRATCH)
.PHONY: fuzz fuzz-build fuzz-render fuzz-render-build
fuzz-build: install
	swift build $(FUZZ_FLAGS) --product MinimaFuzz

fuzz: fuzz-build
	mkdir -p .fuzz/corpus .fuzz/artifacts
	SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=1 $(FUZZER) .fuzz/corpus Tests/Fixtures/fuzz-corpus \
	    -dict=Tests/Fixtures/fuzz-notebook.dict -max_total_time=$(SECONDS) -timeout=10 -rss_limit_mb=2048 \
	    -max_len=8192 -print_final_stats=1 -artifact_prefix=.fuzz/artifacts/

# libFuzzer over the whole render (issue "Trust", item 8): check → run the steps when the plan
# is tiny (generated data sets, a few thousand samples; otherwise every step shows as not run)
# → report writer → output folder, in a per-process temporary folder. Besides crashes it
# aborts when a file outside the output and cache folders changes (a sentinel folder and links
# to it lie beside and inside the output folder), when the page or an SVG has active content
# (a script other than the inert provenance JSON, on* attributes, javascript: URLs, no CSP
# meta), or when rendering the same notebook again over its own output fails.
# `make fuzz-render SECONDS=N`; corpus in .fuzz/render-corpus, findings in .fuzz/render-artifacts.
RENDER_FUZZER := $(FUZZ_SCRATCH)/release/MinimaRenderFuzz
fuzz-render-build: install
	swift build $(FUZZ_FLAGS) --product MinimaRenderFuzz

fuzz-render: fuzz-render-build
	mkdir -p .fuzz/render-corpus .fuzz/render-artifacts
	SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 $(RENDER_FUZZER) .fuzz/render-corpus Tests/Fixtures/fuzz-corpus \
	    -dict=Tests/Fixtures/fuzz-render.dict -max_total_time=$(SECONDS) -timeout=30 -rss_limit_mb=4096 \
	    -max_len=8192 -print_final_stats=1 -artifact_prefix=.fuzz/render-artifacts/
