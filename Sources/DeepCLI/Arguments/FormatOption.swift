import ArgumentParser

/// `--format text|json`, on every command that prints something to read.
struct FormatOption: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(help: "text for people, json for programs.")
    var format: Format = .text
}
