import ArgumentParser

/// `--manifest PATH`, on every command that checks locations.
package struct ManifestOption: ParsableArguments {
    @Option(
        name: .customLong("manifest"),
        help: ArgumentHelp(
            "A probe manifest, or a directory to search for deep-manifest.json (repeatable).",
            discussion: "By default every deep-manifest.json below the current directory is read."))
    package var paths: [String] = []

    package init() {}
}
