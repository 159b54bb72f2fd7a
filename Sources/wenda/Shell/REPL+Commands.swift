import Foundation
import WendaKit

/// What each `/` command of the shell does (the table is in `REPL.swift`). Output that can
/// be long (`/open`, `/sources`, `/history`, `/help`) goes through `page`, so a terminal
/// shows it in the pager when it is taller than the screen.
extension REPL {
    func help() {
        var out = "Type a question (in Chinese or English) to get sentences quoted from the articles.\n"
        let width = Self.commands.map(\.usage.count).max() ?? 0
        for c in Self.commands {
            out += "  " + style.accent(c.usage) + String(repeating: " ", count: width - c.usage.count + 2) + c.help + "\n"
        }
        out += "Alone on a line, as in psql: exit, quit or \\q leave, help shows this list, clear clears the screen.\n"
        out += "Keys: arrows and emacs keys edit, Ctrl-R searches what you typed, Tab completes,\n"
        out += "Ctrl-C drops the line (or the answer), Ctrl-D leaves. Lines starting with a space stay out of history.\n"
        output.page(out)
    }

    func sources() {
        guard lastResult != nil else {
            output.write("No answer yet: ask a question first.\n")
            return
        }
        guard !shown.isEmpty else {
            output.write("The last question had no answer, so nothing is cited.\n")
            return
        }
        output.page(renderer.sources(shown, url: { [backend] in backend.article(id: $0)?.url }))
    }

    func open(_ argument: String) {
        if argument.isEmpty {
            output.write("Usage: /open N (a citation of the last answer) or /open TITLE.\n")
            return
        }
        if let n = Int(argument) {
            guard !shown.isEmpty else {
                output.write("No citations yet: ask a question first (or /open TITLE).\n")
                return
            }
            guard n >= 1, n <= shown.count else {
                output.write("No citation [\(n)]: the last answer has [1]–[\(shown.count)].\n")
                return
            }
            let c = shown[n - 1].citation
            guard let article = backend.article(id: c.docId) else {
                output.write("The article \(TerminalText.safe(c.docId)) is not in the loaded corpus.\n")
                return
            }
            output.page(renderer.passage(article, paragraph: c.paragraph, quote: c.start..<c.end))
            return
        }
        let found = backend.articles(titled: argument)
        switch found.count {
        case 0:
            output.write("No article titled “\(TerminalText.safe(argument))”; Tab after /open lists the titles.\n")
        case 1:
            output.page(renderer.article(found[0]))
        default:
            var out = "\(found.count) articles match “\(TerminalText.safe(argument))”:\n"
            for a in found.prefix(10) { out += "  \(TerminalText.safe(a.title, keepNewlines: false))\n" }
            if found.count > 10 { out += "  …\n" }
            output.write(out)
        }
    }

    func more() {
        guard let last = lastResult else {
            output.write("No question yet: /more shows further answers to the last one.\n")
            return
        }
        // The question as it was answered (a follow-up completed), asked for more quotes;
        // those already shown are told apart by where they stand, not by their scores.
        let asked = lastAsked ?? last.question
        guard var result = compute(asked, top: shown.count + top) else {
            output.write(" " + style.dim("(cancelled)") + "\n")
            return
        }
        if let failure = result.failure {
            output.error("wenda: \(TerminalText.safe(failure, keepNewlines: false))\n")
            return
        }
        let known = Set(shown.map { "\($0.citation.docId)\u{1F}\($0.citation.start)\u{1F}\($0.citation.end)" })
        let fresh = (result.answers + result.weaker).filter { !known.contains("\($0.citation.docId)\u{1F}\($0.citation.start)\u{1F}\($0.citation.end)") }.prefix(top)
        guard !result.noAnswer, !fresh.isEmpty else {
            output.write("No more answers to “\(TerminalText.safe(last.question))”.\n")
            return
        }
        let first = shown.count + 1
        shown += fresh
        // Recorded as a turn of its own, saying which turn's question it answers further.
        result.question = last.question
        result.answers = Array(fresh)
        let plain = AnswerPrinter(title: titles).render(result, quotes: fresh[...], firstNumber: first)
        let turn = recorder.record(result, rendered: plain, askedAs: asked, moreOf: moreOf(lastTurn))
        if let turn { lastTurn = turn.number }
        for line in stale.lines(for: result) { output.error(line + "\n") }
        output.write(printer.render(result, quotes: fresh[...], firstNumber: first))
    }

    /// The turn whose question a `/more` after turn `n` answers further (that of `n`).
    func moreOf(_ n: Int?) -> Int? {
        guard let n, let store = recorder.transcriptStore, let id = recorder.sessionID,
              let turn = try? store.turn(id, number: n) else { return n }
        return turn.moreOf ?? n
    }

    /// The most `/top` takes: more than a screen of quotes helps nobody.
    static let maxTop = 100

    /// `/top`: how many sentences an answer quotes; `/top N` sets it for this shell.
    func setTop(_ argument: String) {
        if argument.isEmpty {
            output.write("Answers quote up to \(top) sentence\(top == 1 ? "" : "s"); /top N changes it.\n")
            return
        }
        guard let n = Int(argument), (1...Self.maxTop).contains(n) else {
            output.write("Usage: /top N, N a number from 1 to \(Self.maxTop).\n")
            return
        }
        top = n
        output.write("Answers now quote up to \(n) sentence\(n == 1 ? "" : "s").\n")
    }

    /// `/near-misses`: whether near misses are quoted; `/near-misses on|off` sets it for this shell.
    func setNearMisses(_ argument: String) {
        switch argument.lowercased() {
        case "": break
        case "on": nearMisses = true
        case "off": nearMisses = false
        default:
            output.write("Usage: /near-misses [on|off].\n")
            return
        }
        output.write(nearMisses
            ? "Near misses are quoted, framed as such (/near-misses off: say no answer).\n"
            : "A near miss (the articles name 19号线 where 20号线 was asked) is no answer; /near-misses on quotes it.\n")
    }

    /// `/corpus`: the corpus answered from; `/corpus PATH` reads another and answers from
    /// it. A path that cannot be read is said in one line and the corpus stays as it was.
    func switchCorpus(_ argument: String) {
        guard !argument.isEmpty else {
            let origin = backend.origin.map { " (the corpus from \($0))" } ?? ""
            output.write("Answering from \(TerminalText.safe(backend.summary + origin, keepNewlines: false)).\n")
            output.write("/corpus PATH switches; `wenda config set corpus PATH` makes PATH the default.\n")
            return
        }
        var path = argument
        if path == "~" || path.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] {
            path = home + path.dropFirst()
        }
        let loaded: ShellBackend
        do {
            loaded = try loadCorpus(path)
        } catch {
            output.error(Diagnostics.message(error.localizedDescription) + "\n")
            output.write("Still answering from \(TerminalText.safe(backend.corpus, keepNewlines: false)).\n")
            return
        }
        var switched = loaded
        switched.origin = "/corpus"
        use(switched)
        output.write("Now answering from \(TerminalText.safe(loaded.summary, keepNewlines: false)); the next question starts a new session.\n")
    }

    func history(_ argument: String) {
        let n: Int
        if argument.isEmpty {
            n = 20
        } else if let v = Int(argument), v > 0 {
            n = v
        } else {
            output.write("Usage: /history [N], N a positive number.\n")
            return
        }
        let lines = reader.history
        guard !lines.isEmpty else {
            output.write("History is empty.\n")
            return
        }
        let startIndex = max(0, lines.count - n)
        var out = ""
        for (i, line) in lines.enumerated().dropFirst(startIndex) {
            out += style.dim(String(format: "%5d", i + 1)) + "  " + TerminalText.safe(line, keepNewlines: false) + "\n"
        }
        output.page(out)
    }

    func sessions() {
        guard let store = recorder.transcriptStore else {
            output.write("Transcripts are off (--no-transcript).\n")
            return
        }
        do {
            let list = try store.sessions(limit: 10)
            let length = try store.idLength(for: list.map(\.id))
            var out = TranscriptFormatter.list(list, idLength: length)
            if let current = recorder.sessionID {
                let shown = String(current.rawValue.prefix(length))
                out = out.replacingOccurrences(of: shown + "  ", with: shown + "* ")
                out += "* this session. "
            }
            out += "Carry one on with /resume ID; review with `wenda sessions show ID`.\n"
            output.write(out)
        } catch {
            output.error(Diagnostics.message(error.localizedDescription) + "\n")
        }
    }

    func newSession() {
        recorder.end()
        forget()
        output.write("New session: the next question starts it.\n")
    }

    /// `/clear` (or `clear`): the screen, on a terminal; nothing when output is piped.
    func clearScreen() {
        guard reader.isInteractive else { return }
        output.write("\u{1B}[H\u{1B}[2J")
    }
}
