# wenda — make run (set up, build, start the shell on seeds/), make test (set up, build, every test)
SWIFT   ?= swift
CONFIG  ?= release
BIN      = .build/$(CONFIG)/wenda
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PKGS = libedit-dev libsqlite3-dev pkg-config

.PHONY: setup build run test bench corpus clean fuzz dictionary

# Install the system libraries the build needs, only when they are missing.
setup:
	@missing=""; for p in $(APT_PKGS); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: setup
	$(SWIFT) build -c $(CONFIG)

run: build
	$(BIN) shell --corpus seeds

# Every test, then each fuzz target built and run for a few seconds (so none can rot).
test: setup
	$(SWIFT) build
	$(SWIFT) test
	./Fuzz/run.sh --check

# Regenerate the segmented corpus of seeds/ (committed; a test fails when it is stale).
corpus: build
	$(BIN) build seeds --out corpus

bench: build
	./Benchmarks/run.sh

clean:
	rm -rf .build .build-fuzz

# libFuzzer targets (Fuzz/Targets: article readers, sentence splitter, segmenter, question
# analysis), each run for FUZZ_SECONDS; fails when a build fails or a target finds a crash:
#   make fuzz FUZZ_SECONDS=600
FUZZ_SECONDS ?= 60
fuzz: setup
	./Fuzz/run.sh $(FUZZ_SECONDS)

# Recompile the segmenter's dictionary after editing the text sources beside it
# (committed; a test fails while it is stale).
dictionary: build
	$(BIN) segment --compile-dictionary Sources/WendaKit/Resources/dictionary/jieba.wdict
