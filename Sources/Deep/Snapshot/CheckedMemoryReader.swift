import CDeepRuntime
@_spi(MemoryReaders) import Runtime

/// Reads this process's memory for `ImageMap.capture` through `deep_read_memory`
/// (process_vm_readv): memory that is not there fails the read instead of crashing the
/// process, as reading it directly does (`ImageMap.capture()`) under valgrind, whose own
/// mappings the program may not read, or when an image is unloaded meanwhile. It keeps no
/// cache: the image map is read again only after the loader changed something, and the
/// toolchain's caching reader leaks its page buffer.
struct CheckedMemoryReader: MemoryReader {
    struct Unreadable: Error {
        let address: UInt64
    }

    func fetch(from address: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        guard deep_read_memory(address, base, buffer.count) == 0 else { throw Unreadable(address: address) }
    }
}
