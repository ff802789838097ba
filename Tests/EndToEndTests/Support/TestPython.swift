import Foundation

/// The Python the fleet tests run the test Deep server and the schema check with: the
/// machine's `python3`, with the protocol's published stubs and gRPC installed by pip into
/// `.build/test-python/` the first time and reused afterwards, so that `swift test` needs
/// nothing installed by hand.
enum TestPython {
    static let packages = ["deep-proto", "grpcio", "grpcio-tools"]
    static let directory = FixturePackage.repository.appendingPathComponent(".build/test-python")

    /// `python3` and its arguments, run through `env` with the packages on its path.
    static func command(_ arguments: [String]) throws -> [String] {
        try provisioned.get()
        return ["PYTHONPATH=\(directory.path)", "python3"] + arguments
    }

    private static let provisioned = Result<Void, FixtureError> { () throws(FixtureError) in
        // The packages must come from this directory, not from whatever the machine has.
        let check = """
            import sys; sys.path.insert(0, sys.argv[1])
            import deepproto, grpc, grpc_tools
            assert all(next(iter(m.__path__)).startswith(sys.argv[1]) for m in (deepproto, grpc, grpc_tools))
            """
        if (try? Command.run("python3", ["-c", check, directory.path]))?.status == 0 { return }
        let install = Result {
            try Command.run(
                "python3",
                [
                    "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "--upgrade", "--target", directory.path,
                ] + packages)
        }
        guard case .success(let result) = install, result.status == 0 else {
            let output = (try? install.get().output) ?? "python3 did not run"
            throw FixtureError(
                """
                the fleet tests need \(packages.joined(separator: ", ")) for their test Deep server, and \
                `python3 -m pip install --target \(directory.path)` could not install them (is python3 with pip \
                installed, and its package index reachable?):
                \(output.suffix(2000))
                """)
        }
    }
}
