import ArgumentParser
import DeepWorkspace

/// A subcommand whose failures are printed as `deep: message` with their exit code.
protocol DeepSubcommand: ParsableCommand {
    func execute() throws(Failure)
}

extension DeepSubcommand {
    func run() throws {
        do {
            try execute()
        } catch {
            Output.error("deep: " + error.message)
            throw ExitCode(error.exitCode)
        }
    }
}
