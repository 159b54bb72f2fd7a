# wenda — make run (set up, build, start the shell on seeds/), make test (set up, build, every test)
SWIFT   ?= swift
CONFIG  ?= release
BIN      = .build/$(CONFIG)/wenda
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PKGS = libedit-dev libsqlite3-dev pkg-config

.PHONY: setup build run test bench corpus clean

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

test: setup
	$(SWIFT) build
	$(SWIFT) test

# Regenerate the segmented corpus of seeds/ (committed; a test fails when it is stale).
corpus: build
	$(BIN) build seeds --out corpus

bench: build
	./Benchmarks/run.sh

clean:
	rm -rf .build
