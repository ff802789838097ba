#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// File I/O on the files a service and the `deep` command share (the runtime does all of it
/// on its agent thread). Every call is bounded in size and time, and says what went wrong in
/// words an operator can act on.
package enum Files {
    /// Why a file could not be read or written: the path and the system's reason.
    package struct Failure: Error, Equatable, CustomStringConvertible {
        package let description: String

        package init(_ path: String, _ reason: String) { description = "\(path): \(reason)" }

        /// `path: cannot <action>: <strerror>` for the current `errno`.
        package static func system(_ path: String, _ action: String) -> Failure {
            Failure(path, "cannot \(action): \(String(cString: strerror(errno)))")
        }
    }

    /// What reading a file found.
    package enum Content: Equatable {
        case missing
        case bytes([UInt8])
    }

    /// The whole content of a regular file of at most `limit` bytes; a file that does not
    /// exist is `.missing`. Anything else (no permission, a directory, a device or a pipe,
    /// which could block or never end, or more than `limit` bytes) is a failure.
    package static func read(_ path: String, limit: Int) throws(Failure) -> Content {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            if errno == ENOENT { return .missing }
            throw .system(path, "read it")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .system(path, "read it") }
        guard info.st_mode & S_IFMT == S_IFREG else { throw Failure(path, "is not a regular file") }
        guard info.st_size <= limit else {
            throw Failure(path, "is \(info.st_size) bytes; at most \(limit) are read")
        }
        // One byte more than the file holds, to see it grow while being read.
        let size = Int(info.st_size)
        var bytes = [UInt8](repeating: 0, count: size + 1)
        var count = 0
        while count <= size {
            let got = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + count, size + 1 - count) }
            if got < 0, errno == EINTR { continue }
            guard got >= 0 else { throw .system(path, "read it") }
            if got == 0 { break }
            count += got
        }
        guard count <= size else { throw Failure(path, "changed while being read (something was writing it)") }
        return .bytes(Array(bytes[..<count]))
    }

    /// Appends `lines` (each ending in a newline) to the file, creating it and its directory.
    ///
    /// Each `write` carries whole lines, at most `batchBytes` of them, with `O_APPEND`, so
    /// writers in several processes interleave by whole lines, and a process killed during a
    /// write can cut at most its last line. A file that does not end in a newline (a cut
    /// line left by such a kill) gets one first, so that the cut line stays on its own.
    package static func append(_ lines: [UInt8], to path: String, batchBytes: Int = 64 * 1024) throws(Failure) {
        guard !lines.isEmpty else { return }
        try makeDirectory(of: path)
        // Read access, too, to look at the last byte; a file that may only be written is
        // appended to without that look.
        var descriptor = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        if descriptor < 0, errno == EACCES { descriptor = open(path, O_WRONLY | O_APPEND | O_CLOEXEC) }
        guard descriptor >= 0 else { throw .system(path, "open it for writing") }
        defer { close(descriptor) }
        if !endsWithNewline(descriptor) { try write([UInt8(ascii: "\n")][...], to: descriptor, path: path) }
        var start = 0
        while start < lines.count {
            var end = min(start + batchBytes, lines.count)
            // Back up to the end of a line; a single line longer than a batch goes whole.
            if end < lines.count, let newline = lines[start..<end].lastIndex(of: UInt8(ascii: "\n")) {
                end = newline + 1
            } else if end < lines.count {
                end = lines[end...].firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? lines.count
            }
            try write(lines[start..<end], to: descriptor, path: path)
            start = end
        }
    }

    /// Replaces the file's content at once (write a temporary file, then rename), so a
    /// reader sees the old content or the new, never a mix. Only a regular file is replaced:
    /// a device, a pipe or a directory at `path` is refused.
    package static func replace(_ path: String, with bytes: [UInt8]) throws(Failure) {
        try makeDirectory(of: path)
        var existing = stat()
        if stat(path, &existing) == 0, existing.st_mode & S_IFMT != S_IFREG {
            throw Failure(path, "is not a regular file; name a file to hold it")
        }
        let temporary = path + ".\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .system(temporary, "create it") }
        do {
            try write(bytes[...], to: descriptor, path: temporary)
            close(descriptor)
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let failure = Failure.system(path, "replace it")
            unlink(temporary)
            throw failure
        }
    }

    /// Identity of a file's current content: inode, size and modification time.
    package struct Stamp: Equatable, Sendable {
        let inode: UInt64
        let size: Int64
        let modified: Int64
    }

    package static func stamp(_ path: String) -> Stamp? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Stamp(
            inode: UInt64(info.st_ino), size: Int64(info.st_size),
            modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec))
    }

    /// Creates the directory that will hold `path`, and its parents, if missing.
    package static func makeDirectory(of path: String) throws(Failure) {
        let directory = ServiceFiles.directory(of: path)
        var info = stat()
        if stat(directory, &info) == 0 { return }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw Failure(directory, "cannot create the directory (check that its parent exists and is writable)")
        }
    }

    private static func write(_ bytes: ArraySlice<UInt8>, to descriptor: Int32, path: String) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { throw .system(path, "write to it") }
            offset += written
        }
    }

    /// Whether the open file is empty or ends in a newline.
    private static func endsWithNewline(_ descriptor: Int32) -> Bool {
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_size > 0, info.st_mode & S_IFMT == S_IFREG else { return true }
        var last: UInt8 = 0
        return pread(descriptor, &last, 1, off_t(info.st_size - 1)) != 1 || last == UInt8(ascii: "\n")
    }
}
