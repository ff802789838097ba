#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// The runtime's file I/O, all of it on the agent thread.
enum Files {
    /// Appends `bytes` with `O_APPEND` writes, creating the file and its directory.
    static func append(_ bytes: [UInt8], to path: String) {
        try? FileManager.default.createDirectory(atPath: ServiceFiles.directory(of: path), withIntermediateDirectories: true)
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }

    /// Replaces the file's content at once (write a temporary file, then rename).
    static func replace(_ path: String, with bytes: [UInt8]) {
        try? FileManager.default.createDirectory(atPath: ServiceFiles.directory(of: path), withIntermediateDirectories: true)
        let temporary = path + ".tmp"
        unlink(temporary)
        append(bytes, to: temporary)
        rename(temporary, path)
    }

    /// Identity of a file's current content: inode, size and modification time.
    struct Stamp: Equatable {
        let inode: UInt64
        let size: Int64
        let modified: Int64
    }

    static func stamp(_ path: String) -> Stamp? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Stamp(inode: UInt64(info.st_ino), size: Int64(info.st_size),
                     modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec))
    }
}
