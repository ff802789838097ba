import CDeepRuntime

/// The dynamic loader's count of images loaded and unloaded so far: when it changes,
/// `dlopen` or `dlclose` ran, and what the runtime keeps about images (probe records, C type
/// tables, the image map for symbols) may describe memory that is gone or reused.
struct LoaderGeneration: Equatable, Sendable {
    let loads: UInt64
    let unloads: UInt64

    static var current: LoaderGeneration {
        var loads: UInt64 = 0
        var unloads: UInt64 = 0
        deep_loader_counts(&loads, &unloads)
        return LoaderGeneration(loads: loads, unloads: unloads)
    }

    /// Whether `address` lies in an image the loader has loaded now.
    static func isLoaded(_ address: UInt) -> Bool {
        deep_address_is_loaded(UnsafeRawPointer(bitPattern: address)) != 0
    }
}
