import CDeepRuntime
@_spi(Internal) import Runtime

/// The call stack at a hit: captured on the hitting thread, turned into named frames with
/// source locations on the agent thread.
struct StackAddresses: Sendable {
    /// Return addresses, innermost first (the first is the capturing frame's own).
    private let addresses: [UInt64]

    /// The loaded images, read again only when the loader has loaded or unloaded one since:
    /// reading them at every capture is slow, and not safe from several threads at once.
    private static let images = Locked<(generation: LoaderGeneration, map: ImageMap)?>(nil)

    /// The current image map; when it changed, the stacks symbolicated with the old one go.
    private static func currentImages() -> ImageMap {
        let generation = LoaderGeneration.current
        return images.withLock { images in
            if let images, images.generation == generation { return images.map }
            let map = ImageMap.capture(using: CheckedMemoryReader())
            images = (generation, map)
            symbolicated.withLock { $0.removeAll() }
            return map
        }
    }

    /// No stack: the snapshot has only the probe's own frame.
    static let none = StackAddresses(addresses: [])

    /// Whether it was not walked (`none`): the snapshot gets the probe's frame alone.
    var isEmpty: Bool { addresses.isEmpty }

    /// Walks the stack with the unwind tables (`deep_backtrace`), not frame pointers: C code
    /// built with -O2 has none, and a frame-pointer walk through it reads garbage. Only the
    /// addresses are taken here; the agent thread makes a `Backtrace` of them.
    static func capture() -> StackAddresses {
        withUnsafeTemporaryAllocation(of: UnsafeMutableRawPointer?.self, capacity: 64) { buffer in
            let count = Int(deep_backtrace(buffer.baseAddress, Int32(buffer.count)))
            return StackAddresses(addresses: buffer.prefix(count).map { UInt64(UInt(bitPattern: $0)) })
        }
    }

    #if arch(x86_64)
    private static let architecture = "x86_64"
    #else
    private static let architecture = "arm64"
    #endif

    /// Frames of the code that called the probe's function, innermost first. The runtime's
    /// own frames and the probe's function are left out: the snapshot's first frame names
    /// that one exactly.
    ///
    /// Symbolication reads symbol tables and line tables, milliseconds per stack; a hot
    /// tracepoint sends the same stack again and again, so results are kept by address.
    func callerFrames() -> [Snapshot.Frame] {
        if addresses.isEmpty { return [] }
        let images = Self.currentImages()
        if let frames = Self.symbolicated.withLock({ $0[addresses] }) { return frames }
        let frames = Self.symbolicate(addresses, with: images)
        Self.symbolicated.withLock { cache in
            if cache.count >= 512 { cache.removeAll(keepingCapacity: true) }
            cache[addresses] = frames
        }
        return frames
    }

    /// Stacks already symbolicated, by their return addresses (the agent thread's, and the
    /// exit flush's: never a probe's).
    private static let symbolicated = Locked<[[UInt64]: [Snapshot.Frame]]>([:])

    private static func symbolicate(_ addresses: [UInt64], with images: ImageMap) -> [Snapshot.Frame] {
        let richFrames = addresses.enumerated().map { index, address -> RichFrame<UInt64> in
            index == 0 ? .programCounter(address) : .returnAddress(address)
        }
        let backtrace = Backtrace(architecture: architecture, frames: richFrames, images: images)
        guard let frames = backtrace.symbolicated(with: images)?.frames else { return [] }
        // The file's `__deepHit` helper shows in debug builds; with -O it tail-calls the
        // runtime's entry point and leaves no frame.
        func named(_ part: String) -> (SymbolicatedBacktrace.Frame) -> Bool {
            { $0.symbol?.rawName.contains(part) == true }
        }
        guard
            let last = frames.lastIndex(where: named("__deepHit")) ?? frames.firstIndex(where: named("_deepProbeHit"))
                ?? frames.firstIndex(where: named("deep_c_probe_hit"))
        else { return [] }
        var callers = frames.dropFirst(last + 1)
        // The probe's function, and frames inlined into it, share its address.
        if let first = callers.first {
            callers = callers.drop { $0.captured.originalProgramCounter == first.captured.originalProgramCounter }
        }
        let resolved = callers.compactMap { frame -> Snapshot.Frame? in
            guard let symbol = frame.symbol else { return nil }
            let location = symbol.sourceLocation
            return Snapshot.Frame(
                function: symbol.name, path: location?.path, line: location?.line,
                image: location == nil ? symbol.imageName : nil,
                address: location == nil ? "\(frame.captured.originalProgramCounter)" : nil)
        }
        // A function split in two by the optimiser (C's `f.cold`) shows once.
        return resolved.enumerated().filter { index, frame in
            index == 0 || frame.function != resolved[index - 1].function || frame.line != resolved[index - 1].line
        }.map(\.element)
    }
}
