// `wenda config`: show and change the settings file (`wenda config set corpus PATH`).
import ArgumentParser
import Foundation
import WendaKit

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show or change the settings (the corpus used by default).",
        discussion: """
            The settings file is $XDG_CONFIG_HOME/wenda/config (~/.config/wenda/config): \
            one `key = value` a line, `#` comments. Keys: corpus (the corpus used when \
            neither --corpus nor WENDA_CORPUS is given).
            """,
        subcommands: [Get.self, Set.self, Unset.self, List.self],
        defaultSubcommand: List.self
    )

}

/// The setting that `get`, `set` and `unset` name.
struct SettingKey: ParsableArguments {
    @Argument(help: "The setting: corpus.")
    var key: String

    /// The key, or a usage error listing the keys.
    func known() throws(WendaError) -> String {
        guard Config.keys[key] != nil else {
            throw .usage("unknown setting '\(key)'; settings: \(Config.keys.keys.sorted().joined(separator: ", "))")
        }
        return key
    }
}

extension ConfigCommand {
    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a setting's value (exit status 1 when it is not set).")

        @OptionGroup var setting: SettingKey

        mutating func run() async throws {
            let key = try setting.known()
            guard let value = try Config().value(key) else { throw WendaError.status(1) }
            try Output.standard.write(value + "\n")
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a setting.",
            discussion: "A relative corpus path is saved as an absolute one, so that it holds from any folder.")

        @OptionGroup var setting: SettingKey

        @Argument(help: "Its value.")
        var value: String

        mutating func run() async throws {
            let key = try setting.known()
            var v = value.trimmingCharacters(in: .whitespaces)
            guard !v.isEmpty, !v.contains("\n") else { throw WendaError.usage("invalid value for \(key): give a path") }
            if key == "corpus" {
                v = URL(fileURLWithPath: v).standardizedFileURL.path
                if !FileManager.default.fileExists(atPath: v) { Diagnostics.warn("\(v) does not exist (yet); set all the same") }
            }
            var config = try Config()
            config.set(key, v)
            try config.save()
        }
    }

    struct Unset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a setting.")

        @OptionGroup var setting: SettingKey

        mutating func run() async throws {
            let key = try setting.known()
            var config = try Config()
            guard config.value(key) != nil else { return }
            config.set(key, nil)
            try config.save()
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the settings made, `key = value` a line.")

        mutating func run() async throws {
            let config = try Config()
            var out = ""
            for s in config.settings(problem: { Diagnostics.warn($0) }) {
                out += "\(s.key) = \(TerminalText.safe(s.value, keepNewlines: false))\n"
            }
            try Output.standard.write(out)
        }
    }
}
