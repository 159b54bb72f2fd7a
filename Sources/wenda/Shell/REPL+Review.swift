import Foundation
import WendaKit

/// The shell's commands for reviewing as one goes: `/good`, `/bad`, `/note` and `/unmark`
/// judge a turn of this session (the last one, or turn N as `wenda sessions show` numbers
/// them), and `/resume` carries on a past session, as `llm chat -c` does.
extension REPL {
    /// `/good [N] [NOTE]`, `/bad [N] [NOTE]`, `/unmark [N]` (mark nil).
    func judge(_ mark: TurnMark?, _ argument: String) {
        guard let (session, number, rest) = target(argument, verb: mark == nil ? "unmark" : "mark") else { return }
        guard let store = recorder.transcriptStore else { return }
        do {
            let turn = try store.mark(session, turn: number, as: mark, note: rest.isEmpty ? nil : rest)
            let what = "turn \(number) (“\(TerminalText.safe(TranscriptFormatter.oneLine(turn.question, width: 40), keepNewlines: false))”)"
            var said = mark.map { "Marked \(what) \($0.rawValue)" } ?? "Took back the mark of \(what)"
            if !rest.isEmpty { said += "; note: \(TerminalText.safe(rest, keepNewlines: false))" }
            output.write(said + ".\n")
            if mark == .bad && rest.isEmpty {
                output.write(style.dim("Say what is wrong with /note \(number) TEXT: it goes with the question when exported for wenda eval.") + "\n")
            }
        } catch {
            output.error("wenda: \(TerminalText.safe(error.localizedDescription, keepNewlines: false))\n")
        }
    }

    /// `/note [N] TEXT`: a remark on a turn (replacing an earlier one).
    func note(_ argument: String) {
        guard let (session, number, text) = target(argument, verb: "note") else { return }
        guard !text.isEmpty else {
            output.write("Usage: /note [N] TEXT: a remark on the last answer, or on turn N.\n")
            return
        }
        guard let store = recorder.transcriptStore else { return }
        do {
            try store.note(session, turn: number, text)
            output.write("Noted on turn \(number).\n")
        } catch {
            output.error("wenda: \(TerminalText.safe(error.localizedDescription, keepNewlines: false))\n")
        }
    }

    /// The turn an argument `[N] [TEXT]` names in this session, and the text after N; nil
    /// (having said why) when there is none.
    func target(_ argument: String, verb: String) -> (SessionID, Int, String)? {
        guard recorder.transcriptStore != nil else {
            output.write("Transcripts are off (--no-transcript): there is nothing to \(verb).\n")
            return nil
        }
        guard let session = recorder.sessionID, let last = recorder.lastTurn else {
            output.write("No answer in this session yet: ask a question first.\n")
            return nil
        }
        let parts = argument.split(separator: " ", maxSplits: 1).map(String.init)
        if let first = parts.first, let n = Int(first.hasPrefix("#") ? String(first.dropFirst()) : first) {
            guard (1...last).contains(n) else {
                output.write("No turn \(n) in this session: it has \(last == 1 ? "turn 1" : "turns 1–\(last)").\n")
                return nil
            }
            return (session, n, parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "")
        }
        return (session, last, argument.trimmingCharacters(in: .whitespaces))
    }

    /// `/resume ID`: carries on a past session, switching to its corpus when it is another.
    func resume(_ argument: String) {
        guard !argument.isEmpty else {
            output.write("Usage: /resume ID (a session id, a unique prefix, or `last`; /sessions lists them).\n")
            return
        }
        guard let store = recorder.transcriptStore else {
            output.write("Transcripts are off (--no-transcript): there is no session to resume.\n")
            return
        }
        do {
            let id = try store.resolveTurn(argument).session
            guard id != recorder.sessionID else {
                output.write("This is session \(id) already.\n")
                return
            }
            guard let t = try store.transcript(id) else { throw TranscriptError.noSuchSession(argument) }
            let path = t.summary.corpusPath ?? t.summary.corpus
            if SessionsSupport.absolute(path) != SessionsSupport.absolute(backend.corpus) {
                var loaded = try loadCorpus(SessionsSupport.corpusToAnswerFrom(path))
                loaded.origin = "session \(id)"
                use(loaded)
                output.write("Now answering from \(TerminalText.safe(loaded.summary, keepNewlines: false)), the corpus of that session.\n")
            }
            try carryOn(t, in: store)
        } catch {
            output.error("wenda: \(TerminalText.safe(error.localizedDescription, keepNewlines: false))\n")
        }
    }

    /// Makes `t` the current session: new turns are appended to it, follow-ups carry on
    /// from its topic, `/sources`, `/open N` and `/more` work on its last answer. Says so,
    /// and once that its corpus has changed since, when it has.
    func carryOn(_ t: SessionTranscript, in store: TranscriptStore) throws {
        recorder.end()
        forget()
        try recorder.resume(t.summary.id)
        // The topic, as the questions of the session left it.
        for turn in t.turns where turn.moreOf == nil { _ = conversation.resolve(turn.question) }
        if let last = t.turns.last, var result = last.answerResult {
            let asked = t.turns.last { $0.moreOf == nil }
            result.question = asked?.question ?? last.question
            lastResult = result
            lastAsked = asked?.standaloneQuestion
            lastTurn = last.number
            let question = last.moreOf ?? last.number
            shown = t.turns.filter { $0.number == question || $0.moreOf == question }
                .flatMap { $0.answerResult?.answers ?? [] }
        }
        let s = t.summary
        var said = "Resumed session \(s.id) (\(s.mode.rawValue), \(TranscriptFormatter.shortDate(s.startedAt)), \(Plural.count(s.turnCount, "turn")))"
        if let topic = conversation.topic { said += "; follow-ups carry on from “\(topic)”" }
        output.write(TerminalText.safe(said, keepNewlines: false) + ".\n")
        if let last = t.turns.last {
            output.write(style.dim(TerminalText.safe("Last: [\(last.number)] " + TranscriptFormatter.oneLine(last.question, width: 60), keepNewlines: false)) + "\n")
        }
        let path = s.corpusPath ?? s.corpus
        if let then = s.corpusFingerprint, let now = CorpusFingerprint.of(path: path), then != now {
            output.error("wenda: the corpus \(TerminalText.safe(s.corpus, keepNewlines: false)) has changed since session \(s.id) was recorded: its earlier answers may quote text that is no longer there\n")
        }
    }
}
