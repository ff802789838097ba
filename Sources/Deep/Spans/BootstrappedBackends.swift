import CoreMetrics
import Synchronization
import Tracing

/// The tracer and metrics factory the program bootstrapped, as hits read them.
///
/// swift-distributed-tracing and swift-metrics hand theirs out under a lock
/// (`InstrumentationSystem.tracer`, `MetricsSystem.factory`), which a hit should not take. So
/// the agent reads them at each tick until the program has bootstrapped one (each can be
/// bootstrapped once), and publishes it here for hits to read with one load. Until it has,
/// a fire that needs one (a span, or a snapshot under an active span) still asks the library,
/// so that nothing is lost in the poll interval after a bootstrap.
enum BootstrappedBackends {
    private final class Box<Backend>: Sendable {
        nonisolated(unsafe) let backend: Backend
        init(_ backend: Backend) { self.backend = backend }
    }

    private static let tracerBox = AtomicLazyReference<Box<any Tracer>>()
    private static let metricsBox = AtomicLazyReference<Box<any MetricsFactory>>()

    static var tracer: any Tracer { tracerBox.load()?.backend ?? InstrumentationSystem.tracer }
    static var metricsFactory: any MetricsFactory { metricsBox.load()?.backend ?? MetricsSystem.factory }

    /// Publishes what the program has bootstrapped since the last call. On the agent thread.
    static func refresh() {
        if tracerBox.load() == nil {
            let tracer = InstrumentationSystem.tracer
            if !(tracer is NoOpTracer) { _ = tracerBox.storeIfNil(Box(tracer)) }
        }
        if metricsBox.load() == nil {
            let factory = MetricsSystem.factory
            if !(factory is NOOPMetricsHandler) { _ = metricsBox.storeIfNil(Box(factory)) }
        }
    }
}
